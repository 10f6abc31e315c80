// The current Akool connection is process-wide by design (see AkoolSession), so tests that connect must not
// run at the same time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
