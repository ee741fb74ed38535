using System.Runtime.InteropServices;

namespace Gan.Core.Sweeps;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM (Slurm's preemption and time-limit signal, <c>kill</c>'s default) into a
/// cancellation, so the running step finishes, a checkpoint is written and the process exits 130 instead of
/// dying mid-step. A second signal of the same kind is left to its default action and ends the process; a SIGTERM
/// after a Ctrl+C is not (a local sweep forwards SIGTERM to tasks that may already have had the terminal's SIGINT).
/// </summary>
public sealed class StopSignal : IDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly HashSet<PosixSignal> _seen = [];
    readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _stop.Token;

    void Handle(PosixSignalContext context)
    {
        lock (_seen)
        {
            if (!_seen.Add(context.Signal)) return;
        }
        context.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _stop.Dispose();
    }
}
