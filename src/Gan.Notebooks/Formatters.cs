using System.Globalization;
using System.Text;
using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Microsoft.DotNet.Interactive.Formatting;

namespace Gan.Notebooks;

/// <summary>
/// How the project's types show when a cell returns them: pictures as <c>image/png</c> (sample grids, plots), tables
/// and run directories as <c>text/html</c>.
/// </summary>
public static class Formatters
{
    public static void Register()
    {
        Formatter.Register<PngImage>((image, writer) => writer.Write(Convert.ToBase64String(image.Png)), "image/png");
        Formatter.SetPreferredMimeTypesFor(typeof(PngImage), "image/png");
        Html<Figure>(f => string.Concat(f.Images.Select(i => i.ToHtml("display:inline-block;margin-right:8px"))));
        Html<HtmlTable>(t => t.ToHtml());
        Html<MetricsTable>(t => t.ToTable().ToHtml());
        Html<RunView>(r => r.ToHtml());
        Html<EvaluationResult>(r => Evaluation(r).ToHtml());
        Html<Provenance>(p => new HtmlTable("runtime", ["Gan.Core", "TorchSharp", "LibTorch", ".NET", "CPU", "threads", "compute paths"],
            [[p.GanCore, p.TorchSharp, p.LibTorch, p.DotNet, p.ComputePaths.CpuModel, p.TorchThreads.ToString(CultureInfo.InvariantCulture),
              p.ComputePaths.Pinned ? "pinned" : "the CPU's own"]]).ToHtml());
    }

    static void Html<T>(Func<T, string> html)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }

    /// <summary>An evaluation's metrics, one row each, with the sample counts and the classifier they come from.</summary>
    public static HtmlTable Evaluation(EvaluationResult r)
    {
        var c = r.Coverage;
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "frechet_distance", HtmlTable.Number(r.FrechetDistance) },
            new[] { "classes_at_share", $"{c.ClassesAtShare} (each ≥ {c.Share:P0} of the samples)" },
            new[] { "classes_covered", c.ClassesCovered.ToString(CultureInfo.InvariantCulture) },
            new[] { "largest_class", $"{EvalCsv.LargestClass(c.Histogram)} ({c.MaxClassFraction:P1})" },
            new[] { "class_counts", string.Join(' ', c.Histogram) },
            new[] { "classifier_score", HtmlTable.Number(r.ClassifierScore) },
            new[] { "precision / recall", $"{HtmlTable.Number(r.PrecisionRecall.Precision)} / {HtmlTable.Number(r.PrecisionRecall.Recall)}" },
            new[] { "samples", $"{r.Samples.Generated} generated against {r.Samples.Real} {r.Samples.RealDataset} {r.Samples.RealSplit}" },
            new[] { "classifier", r.Classifier.Sha256[..12] },
        };
        return new HtmlTable(r.FeatureSpace, ["metric", "value"], rows);
    }
}
