-- Goldstone schema version 2: the statements Orleans' ADO.NET providers run, stored by key in OrleansQuery.
-- Every parameter is cast to its column's type, so a null parameter still has a type PostgreSQL can plan with.
-- Each statement that must change two rows together is a single statement (data-modifying CTEs), so it is atomic
-- without a function, and without plpgsql ASSERT (which is skipped when plpgsql.check_asserts is off).

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Membership -----------------------------------------------------------------------------------------------------

-- Creates the cluster's version row (the table's ETag) unless it exists; 1 if created, 0 if it was there.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId, Timestamp, Version)
    VALUES (@DeploymentId::varchar, now(), 0)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM created;
$q$),

-- Adds a silo when the caller saw the current table version and the silo is not there yet; the version moves on
-- with it. 1 on success, 0 on a conflict (another writer moved the version, or the row exists).
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId::varchar
      AND Version = @Version::integer
      AND NOT EXISTS (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = @DeploymentId::varchar AND Address = @Address::varchar
            AND Port = @Port::integer AND Generation = @Generation::integer)
    RETURNING DeploymentId),
added AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT bumped.DeploymentId, @Address::varchar, @Port::integer, @Generation::integer, @SiloName::varchar,
           @HostName::varchar, @Status::integer, @ProxyPort::integer, @StartTime::timestamptz, @IAmAliveTime::timestamptz
    FROM bumped
    RETURNING 1)
SELECT count(*)::integer FROM added;
$q$),

-- Changes a silo's status and suspicions under the same version check; 1 on success, 0 on a conflict.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId::varchar
      AND Version = @Version::integer
      AND EXISTS (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = @DeploymentId::varchar AND Address = @Address::varchar
            AND Port = @Port::integer AND Generation = @Generation::integer)
    RETURNING DeploymentId),
changed AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status::integer, SuspectTimes = @SuspectTimes::varchar, IAmAliveTime = @IAmAliveTime::timestamptz
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address::varchar
      AND m.Port = @Port::integer AND m.Generation = @Generation::integer
    RETURNING 1)
SELECT count(*)::integer FROM changed;
$q$),

-- The heartbeat: no version check and no version change, other silos only read the time.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime::timestamptz
WHERE DeploymentId = @DeploymentId::varchar AND Address = @Address::varchar
  AND Port = @Port::integer AND Generation = @Generation::integer;
$q$),

-- One silo; starts from the version row so the version comes back even when the silo has no row.
('MembershipReadRowKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId AND m.Address = @Address::varchar
      AND m.Port = @Port::integer AND m.Generation = @Generation::integer
WHERE v.DeploymentId = @DeploymentId::varchar;
$q$),

-- Every silo of the cluster, with the table version on each row (and one row of nulls when there are none).
('MembershipReadAllKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId::varchar;
$q$),

-- Gateways a client may use: active silos (the caller passes Status 3) that listen for clients.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::varchar AND Status = @Status::integer AND ProxyPort > 0;
$q$),

-- Forgets a cluster: its silos, then its version row.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId::varchar;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId::varchar;
$q$),

-- Drops silos that stopped heartbeating before the given time and are no longer active (3).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::varchar AND IAmAliveTime < @IAmAliveTime::timestamptz AND Status <> 3;
$q$),

-- Grain state -------------------------------------------------------------------------------------------------------

-- Payload and version of one grain; no row when it has never been written.
('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
  AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
  AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar;
$q$),

-- Without a version: inserts version 1 only if the grain has no row. With one: updates only if it matches.
-- Returns the new version; the caller's own version (or null) back means a conflict.
('WriteToStorageKey', $q$
WITH changed AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary::bytea, ModifiedOn = now(), Version = Version + 1
    WHERE @GrainStateVersion::integer IS NOT NULL AND Version = @GrainStateVersion::integer
      AND GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
      AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
      AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
    RETURNING Version),
created AS (
    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash::integer, @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainTypeHash::integer,
           @GrainTypeString::varchar, @GrainIdExtensionString::varchar, @ServiceId::varchar,
           @PayloadBinary::bytea, now(), 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT ON CONSTRAINT orleans_storage_grain_uq DO NOTHING
    RETURNING Version)
SELECT COALESCE((SELECT Version FROM changed), (SELECT Version FROM created), @GrainStateVersion::integer)
       AS NewGrainStateVersion;
$q$),

-- Empties the state but keeps the row and its version line; same conflict rule as a write.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE @GrainStateVersion::integer IS NOT NULL AND Version = @GrainStateVersion::integer
      AND GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
      AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
      AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
    RETURNING Version)
SELECT COALESCE((SELECT Version FROM cleared), @GrainStateVersion::integer) AS NewGrainStateVersion;
$q$),

-- Removes the row (DeleteStateOnClear); returns the deleted version + 1, or the caller's version on a conflict.
('DeleteStorageKey', $q$
WITH removed AS (
    DELETE FROM OrleansStorage
    WHERE @GrainStateVersion::integer IS NOT NULL AND Version = @GrainStateVersion::integer
      AND GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
      AND ServiceId = @ServiceId::varchar AND GrainTypeString = @GrainTypeString::varchar
      AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
    RETURNING Version)
SELECT COALESCE((SELECT Version + 1 FROM removed), @GrainStateVersion::integer) AS NewGrainStateVersion;
$q$),

-- Reminders --------------------------------------------------------------------------------------------------------

('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::varchar AND GrainId = @GrainId::varchar;
$q$),

('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::varchar AND GrainId = @GrainId::varchar AND ReminderName = @ReminderName::varchar;
$q$),

-- A ring range that does not wrap: (BeginHash, EndHash].
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::varchar AND GrainHash > @BeginHash::integer AND GrainHash <= @EndHash::integer;
$q$),

-- A ring range that wraps past the end of the hash space: above BeginHash or up to EndHash.
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::varchar AND (GrainHash > @BeginHash::integer OR GrainHash <= @EndHash::integer);
$q$),

-- Creates or replaces a reminder; returns its new version (the reminder's ETag).
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId::varchar, @GrainId::varchar, @ReminderName::varchar, @StartTime::timestamptz,
        @Period::bigint, @GrainHash::integer, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
    Version = OrleansRemindersTable.Version + 1
RETURNING Version;
$q$),

-- Removes a reminder if its version still matches; 1 if removed, 0 otherwise.
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId::varchar AND GrainId = @GrainId::varchar
      AND ReminderName = @ReminderName::varchar AND Version = @Version::integer
    RETURNING 1)
SELECT count(*)::integer FROM removed;
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId::varchar;
$q$);
