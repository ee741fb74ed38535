using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gan.Notebooks.Execution;

/// <summary>
/// Every notebook executed top to bottom with its quick settings, once, into a temporary folder; then each is checked
/// for what a reader must find in it: no error, pictures as image/png, and its tables with their columns.
/// </summary>
public class NotebookExecutionTests
{
    static readonly string Repo = FindRepo();
    string _out = null!;

    static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Research.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Research.sln above the test binaries");
    }

    [OneTimeSetUp]
    public void ExecuteAll()
    {
        _out = Directory.CreateTempSubdirectory("gan-notebooks-").FullName;
        var psi = new ProcessStartInfo(Path.Combine(Repo, "notebooks", "execute.sh"), ["--quick", "--out", _out])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        TestContext.Progress.WriteLine(stdout.Result);
        Assert.That(p.ExitCode, Is.EqualTo(0), $"notebooks/execute.sh --quick failed:\n{stderr}\n{stdout.Result}");
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_out, recursive: true);

    /// <summary>Each output of each code cell: its type and its data by MIME type.</summary>
    List<(int Cell, string Type, JsonObject Data)> Outputs(string notebook)
    {
        var nb = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, notebook)))!;
        var outputs = new List<(int, string, JsonObject)>();
        var cells = nb["cells"]!.AsArray();
        for (int i = 0; i < cells.Count; i++)
            foreach (var o in cells[i]!["outputs"]?.AsArray() ?? [])
                outputs.Add((i + 1, o!["output_type"]!.GetValue<string>(), o["data"]?.AsObject() ?? []));
        return outputs;
    }

    static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    static IEnumerable<string> Html(IEnumerable<(int Cell, string Type, JsonObject Data)> outputs) => outputs.Select(o => Text(o.Data["text/html"])).Where(h => h.Length > 0);

    static int Pngs(IEnumerable<(int Cell, string Type, JsonObject Data)> outputs) =>
        outputs.Count(o => o.Data["image/png"] is { } png && Convert.FromBase64String(Text(png)).AsSpan(0, 4).SequenceEqual(PngSignature));

    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    static bool HasTable(IEnumerable<string> html, params string[] columns) =>
        html.Any(h => h.Contains("<table", StringComparison.Ordinal) && columns.All(c => h.Contains($"<th>{System.Net.WebUtility.HtmlEncode(c)}</th>", StringComparison.Ordinal)));

    [TestCase("quickstart.ipynb")]
    [TestCase("compare-losses.ipynb")]
    [TestCase("bring-your-own.ipynb")]
    [TestCase("inspect-runs.ipynb")]
    public void Every_code_cell_ran_without_error_and_showed_something(string notebook)
    {
        var nb = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, notebook)))!;
        var code = nb["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Outputs(notebook).Where(o => o.Type == "error"), Is.Empty);
            Assert.That(code.Select(c => c!["execution_count"]?.GetValue<int?>()), Is.All.Not.Null, "every cell executed");
            Assert.That(code.Where(c => c!["outputs"]!.AsArray().Count == 0), Is.Empty, "every cell shows its result");
        });
    }

    [Test]
    public void Quickstart_shows_curves_samples_metrics_and_an_evaluation()
    {
        var outputs = Outputs("quickstart.ipynb");
        var html = Html(outputs).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Pngs(outputs), Is.GreaterThanOrEqualTo(2), "the loss plot and the sample grid");
            Assert.That(HasTable(html, "step", "d_loss", "g_loss", "r_t", "aug_p"), Is.True, "metrics table");
            Assert.That(HasTable(html, "metric", "value") && html.Any(h => h.Contains("frechet_distance") && h.Contains("classes_at_share")), Is.True, "evaluation");
            Assert.That(HasTable(html, "epoch", "step", "frechet_distance", "classes_at_share"), Is.True, "eval.csv in the run view");
            Assert.That(html.Any(h => h.Contains("G.pt") && h.Contains("D.pt")), Is.True, "the export's files");
        });
    }

    [Test]
    public void Compare_losses_has_a_row_per_objective_with_confidence_intervals_and_the_curves()
    {
        var outputs = Outputs("compare-losses.ipynb");
        var table = Html(outputs).Single(h => h.Contains("<th>variant</th>"));
        Assert.Multiple(() =>
        {
            Assert.That(HasTable([table], "variant", "runs", "FD", "classes ≥ 1%", "final G loss"), Is.True);
            foreach (var objective in new[] { "bce", "bce-minimax", "lsgan", "hinge", "wgan-gp", "rasgan" })
                Assert.That(table, Does.Contain($"<td>{objective}</td>"), objective);
            Assert.That(System.Net.WebUtility.HtmlDecode(table), Does.Contain(" ± "), "mean ± 95% CI over seeds");
            Assert.That(Pngs(outputs), Is.GreaterThanOrEqualTo(1), "the G-loss curves");
        });
    }

    [Test]
    public void Bring_your_own_trains_the_cell_defined_D_beside_the_built_in_one()
    {
        var outputs = Outputs("bring-your-own.ipynb");
        var html = Html(outputs).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(html.Any(h => h.Contains("D1-NARROW")), Is.True, "registered");
            var table = html.Single(h => h.Contains("<th>variant</th>"));
            Assert.That(table, Does.Contain("<td>D1</td>").And.Contain("<td>D1-NARROW</td>"));
            Assert.That(Pngs(outputs), Is.GreaterThanOrEqualTo(1), "the D-loss curves");
        });
    }

    [Test]
    public void Inspect_runs_lists_the_runs_and_draws_their_curves_and_grids()
    {
        var outputs = Outputs("inspect-runs.ipynb");
        var html = Html(outputs).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(HasTable(html, "run", "pair", "objective", "seed", "status", "steps", "last FD"), Is.True);
            Assert.That(Pngs(outputs), Is.GreaterThanOrEqualTo(2), "G loss and FD curves");
            Assert.That(html.Any(h => h.Contains("data:image/png;base64,")), Is.True, "sample grids side by side");
        });
    }
}
