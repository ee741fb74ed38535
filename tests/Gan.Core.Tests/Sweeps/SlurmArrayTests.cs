using Gan.Core.Sweeps;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Sweeps;

public class SlurmArrayTests
{
    [TestCase(new[] { 0 }, "0")]
    [TestCase(new[] { 0, 1, 2, 4, 6, 7 }, "0-2,4,6-7")]
    [TestCase(new[] { 3, 5, 7 }, "3,5,7")]
    public void Ids_become_sbatch_array_ranges(int[] ids, string expected) =>
        Assert.That(SlurmArray.Ranges(ids), Is.EqualTo(expected));

    [Test]
    public void The_script_is_a_requeueable_array_that_execs_one_task_per_array_index()
    {
        using var dir = new TempDirectory();
        var grid = SweepGrid.Build("exp", "exp.csx", Path.Combine(dir.Path, "exp"), [new("a", new TrainingConfig()), new("b", new TrainingConfig())], null, [0L]);
        var options = new SweepOptions("scripts/exp.csx", ["--quick", "--note", "two words"]);
        var script = SlurmArray.Script(grid, options, new SlurmResources("01:30:00", "3G", 4, "short"), [0, 1], ["/opt/gan/gan"]);
        var lines = script.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("#!/bin/bash"));
        Assert.That(lines, Does.Contain("#SBATCH --array=0-1").And.Contain("#SBATCH --requeue").And.Contain("#SBATCH --time=01:30:00")
            .And.Contain("#SBATCH --mem=3G").And.Contain("#SBATCH --cpus-per-task=4").And.Contain("#SBATCH --partition=short")
            .And.Contain($"#SBATCH --output={Path.Combine(dir.Path, "exp", "logs", "task-%a.log")}"));
        Assert.That(lines[^1], Is.EqualTo(
            $"exec /opt/gan/gan script {Path.GetFullPath("scripts/exp.csx")} -- --quick --note 'two words' --task \"$SLURM_ARRAY_TASK_ID\" --threads \"$SLURM_CPUS_PER_TASK\""));
    }
}
