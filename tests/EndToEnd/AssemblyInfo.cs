// The end-to-end tests start real CLI processes, silos and trainers; run one at a time so that each has the
// machine's cores, as a user's command would.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
