using Xunit;

// Torch's global generator and thread count are process-wide: tests that train must not interleave, or the
// same seed would not give the same numbers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
