using Gan.Core.Evaluation;
using Gan.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch.utils;

namespace Gan.Core.Runs;

/// <summary>
/// Writes a run's progress as TensorBoard event files in <c>&lt;run&gt;/tb/</c> with TorchSharp's SummaryWriter, and
/// passes every call on to the observer it wraps: per step the metrics.csv values (tags <see cref="Tags"/>: losses,
/// D(x), D(G(z)), r_t, the augmentation p, and each extra D term as <c>term/&lt;column&gt;</c>), per evaluation the eval.csv metrics
/// (<c>eval/&lt;column&gt;</c>, at the step of the evaluation's row), the sample grid of each epoch (<c>samples</c>),
/// and config.json as text (<c>config</c>, step 0). A resumed run adds a new event file; TensorBoard reads the folder.
/// </summary>
public sealed class TensorBoardLog(string logDir, IReadOnlyList<string> termColumns, ITrainingObserver inner) : ITrainingObserver
{
    public const string Folder = "tb";

    /// <summary>The tags of each step's scalars, in metrics.csv's column order (d_loss, g_loss, d_real, d_fake, r_t, aug_p).</summary>
    public static readonly string[] Tags = ["loss/d", "loss/g", "d/real", "d/fake", "d/r_t", "augment/p"];
    public const string TermPrefix = "term/";
    public const string EvalPrefix = "eval/";
    public const string SamplesTag = "samples";
    public const string ConfigTag = "config";

    readonly SummaryWriter _writer = tensorboard.SummaryWriter(logDir);
    long _lastStep;

    // SummaryWriter's own default wall time is 0 (or .NET ticks when null); TensorBoard expects Unix seconds.
    static long Now() => (long)(DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    public void OnStart(RunRecord record, GanTrainer trainer)
    {
        // Two-space indentation is Markdown's code block: TensorBoard's text tab renders it verbatim.
        var json = string.Join('\n', Json.Serialize(record).Split('\n').Select(l => "    " + l));
        _writer.add_text(ConfigTag, json, 0, Now());
        inner.OnStart(record, trainer);
    }

    public void OnStep(StepRecord step)
    {
        var at = checked((int)step.Step);
        var now = Now();
        _writer.add_scalar(Tags[0], (float)step.DLoss, at, now);
        _writer.add_scalar(Tags[1], (float)step.GLoss, at, now);
        _writer.add_scalar(Tags[2], (float)step.DReal, at, now);
        _writer.add_scalar(Tags[3], (float)step.DFake, at, now);
        _writer.add_scalar(Tags[4], (float)step.RealSign, at, now);
        _writer.add_scalar(Tags[5], (float)step.AugmentP, at, now);
        for (int i = 0; i < step.Terms.Count; i++)
            _writer.add_scalar(TermPrefix + termColumns[i], (float)step.Terms[i], at, now);
        _lastStep = step.Step;
        inner.OnStep(step);
    }

    public void OnEpochEnd(int epoch, string? samplePath)
    {
        if (samplePath is not null) _writer.add_img(SamplesTag, samplePath, checked((int)_lastStep), Now());
        inner.OnEpochEnd(epoch, samplePath);
    }

    public void OnEvaluation(int epoch, EvaluationResult result)
    {
        var at = checked((int)_lastStep);
        var now = Now();
        foreach (var (column, value) in EvalScalars(result))
            _writer.add_scalar(EvalPrefix + column, (float)value, at, now);
        inner.OnEvaluation(epoch, result);
    }

    /// <summary>The numeric metrics of an evaluation, named as eval.csv's columns.</summary>
    public static IEnumerable<(string Column, double Value)> EvalScalars(EvaluationResult r) =>
    [
        ("frechet_distance", r.FrechetDistance),
        ("classifier_score", r.ClassifierScore),
        ("classes_covered", r.Coverage.ClassesCovered),
        ("classes_at_share", r.Coverage.ClassesAtShare),
        ("coverage_kl", r.Coverage.KlToUniform),
        ("max_class_fraction", r.Coverage.MaxClassFraction),
        ("mean_confidence", r.Coverage.MeanConfidence),
        ("precision", r.PrecisionRecall.Precision),
        ("recall", r.PrecisionRecall.Recall),
        .. r.Discriminator is { } d ? new[] { ("d_score_train", d.Train), ("d_score_heldout", d.HeldOut), ("d_score_gap", d.Gap) } : [],
    ];
}
