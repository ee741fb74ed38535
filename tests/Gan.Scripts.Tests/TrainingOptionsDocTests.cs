using Gan.Core.Training;

namespace Gan.Scripts.Tests;

/// <summary>docs/training-options.md is written from the options' one declaration, <see cref="TrainingOptionTable"/>.</summary>
public class TrainingOptionsDocTests
{
    static string Path_ => Path.Combine(Repo.Root, "docs", "training-options.md");

    /// <summary>GAN_WRITE_DOCS=1 rewrites the file after a change to the table.</summary>
    [Test]
    public void The_options_doc_is_the_tables()
    {
        var expected = Document();
        if (Environment.GetEnvironmentVariable("GAN_WRITE_DOCS") == "1") File.WriteAllText(Path_, expected);
        Assert.That(File.ReadAllText(Path_), Is.EqualTo(expected),
            "docs/training-options.md is stale; rewrite it: GAN_WRITE_DOCS=1 dotnet test tests/Gan.Scripts.Tests -c Release --filter The_options_doc_is_the_tables");
    }

    static string Document() =>
        "# Training options\n\n" +
        "`gan train` and every experiment script (`gan script scripts/NAME.csx -- OPTIONS`) take these options. A script that makes\n" +
        "one of them a grid axis takes a comma-separated list instead (compare-losses.csx: `--objective`, `--g-loss`, `--k`,\n" +
        "`--g-steps`, `--slope`, `--lr`), and a script whose variants set an option itself (k-to-1.csx's D steps) refuses it.\n" +
        "They apply in this order, so a preset comes first and explicit options win over it.\n\n" +
        "Besides these, `gan train` takes `--pair` (or `--g`/`--d`), `--seed`, `--out`, `--resume` and `--plain`, and a script takes\n" +
        "`--pair` (or `--g`/`--d`) where it trains one pair, `--seeds`, `--variants`, `--quick`, `--out` and the sweep options\n" +
        "(`--list`, `--task`, `--jobs`, `--slurm`); `--help` lists them.\n\n" +
        "This file is written from `src/Gan.Core/Training/TrainingOptionTable.cs`, and a test keeps it so.\n\n" +
        TrainingOptionTable.Markdown();
}
