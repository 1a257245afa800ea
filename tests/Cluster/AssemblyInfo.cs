// Each class starts its own PostgreSQL server and silos; one class at a time on the 2-core CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
