using Gan.Core.Runs;
using Gan.Core.Runtime;

namespace Gan.Notebooks;

/// <summary>
/// The first cell of every notebook: <c>#r</c> this assembly, then <c>GanNotebook.Start()</c>. It makes the same
/// native-runtime start as the CLI and scripts (before the first torch call) and registers the formatters that show
/// the project's types as pictures and tables.
/// </summary>
public static class GanNotebook
{
    /// <summary>The environment variable that asks notebooks for their quick settings (CI executes them so).</summary>
    public const string QuickVariable = "GAN_NOTEBOOK_QUICK";

    static bool _started;

    /// <summary>True when <see cref="QuickVariable"/> is 1: notebooks train for a fraction of their steps.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>Idempotent. Returns what the kernel runs on (versions, machine, compute paths), as a run records it.</summary>
    public static Provenance Start()
    {
        if (!_started)
        {
            NativeRuntime.Initialize();
            Formatters.Register();
            _started = true;
        }
        return Provenance.Capture();
    }

    /// <summary><paramref name="full"/> normally, <paramref name="quick"/> under <see cref="QuickVariable"/>.</summary>
    public static T Pick<T>(T full, T quick) => Quick ? quick : full;
}
