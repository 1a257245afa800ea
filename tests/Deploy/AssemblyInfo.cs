// The image and silo tests run dotnet publish, PostgreSQL and a silo; one class at a time on the 2-core CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
