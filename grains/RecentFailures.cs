using Goldstone.Contracts;

namespace Goldstone.Grains;

/// <summary>
/// The latest failed attempts of a campaign, at most a fixed number: what a watch shows under "failures". In memory
/// only: after a restart the list starts empty, and the trials keep every reason in their own state.
/// </summary>
public sealed class RecentFailures(int capacity)
{
    private readonly LinkedList<AttemptFailure> _newestFirst = new();

    /// <summary>Adds a failure; the oldest goes when more than the capacity are kept. A repeated report of the same
    /// attempt (a retried one-way message) replaces the earlier one.</summary>
    public void Add(AttemptFailure failure)
    {
        for (var node = _newestFirst.First; node is not null; node = node.Next)
        {
            if (node.Value.Index != failure.Index || node.Value.Attempt != failure.Attempt) continue;
            _newestFirst.Remove(node);
            break;
        }
        _newestFirst.AddFirst(failure);
        while (_newestFirst.Count > capacity) _newestFirst.RemoveLast();
    }

    /// <summary>The kept failures, newest first.</summary>
    public IReadOnlyList<AttemptFailure> Newest() => [.. _newestFirst];
}
