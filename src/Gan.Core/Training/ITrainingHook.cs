using static TorchSharp.torch;

namespace Gan.Core.Training;

/// <summary>
/// A technique that acts at the trainer's fixed points, so instance noise, augmentation, the moving average of G and
/// a script's own additions are each one class (passed in <see cref="TrainingParts.Hooks"/>), not an edit of the
/// training loop. The trainer calls its hooks in order, the config's first; it reads them, and they read it.
/// Every method has a no-op default; the trainer disposes its hooks.
/// </summary>
public interface ITrainingHook : IDisposable
{
    /// <summary>
    /// What D sees of <paramref name="images"/>, real or fake, in the D step and the G step (gradients flow through to
    /// G). Random draws come from <paramref name="noise"/>, the run's noise stream, so runs stay reproducible and
    /// resumable.
    /// </summary>
    Tensor BeforeD(Tensor images, GanTrainer trainer, Generator noise) => images;

    /// <summary>After each D step: r_t = E[sign(D(x_real))] over its <paramref name="reals"/> reals.</summary>
    void AfterDStep(GanTrainer trainer, double realSign, long reals) { }

    /// <summary>After each G step and its optimizer update, with <see cref="GanTrainer.GStepsTaken"/> counting it.</summary>
    void AfterGStep(GanTrainer trainer) { }

    void IDisposable.Dispose() { }
}
