using Gan.Core.Sweeps;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Sweeps;

public class SweepGridTests
{
    static readonly Variant[] Variants =
    [
        new("a", new TrainingConfig()),
        new("b", new TrainingConfig() with { DSteps = 2 }),
        new("c", new TrainingConfig() with { GSteps = 2 }),
    ];

    TempDirectory _dir = null!;

    [SetUp] public void Create() => _dir = new TempDirectory();
    [TearDown] public void Delete() => _dir.Dispose();

    SweepGrid Build(IReadOnlyList<string>? chosen) =>
        SweepGrid.Build("exp", "exp.csx", Path.Combine(_dir.Path, "exp"), Variants, chosen, [0L, 7L]);

    [Test]
    public void Task_ids_are_places_in_the_full_grid_so_choosing_variants_does_not_renumber()
    {
        var all = Build(null);
        Assert.That(all.Tasks.Select(t => (t.Id, t.Variant, t.Seed)),
            Is.EqualTo(new[] { (0, "a", 0L), (1, "a", 7L), (2, "b", 0L), (3, "b", 7L), (4, "c", 0L), (5, "c", 7L) }));
        var some = Build(["c", "a"]);
        Assert.That(some.Tasks.Select(t => t.Id), Is.EqualTo(new[] { 0, 1, 4, 5 }));
        Assert.That(some.Task(5), Is.EqualTo(all.Task(5)));
        Assert.That(all.Task(3).Config.Seed, Is.EqualTo(7));
        Assert.That(all.Task(3).Config.DSteps, Is.EqualTo(2));
        Assert.That(all.Task(3).RunDir, Is.EqualTo(Path.Combine(_dir.Path, "exp", "b", "seed-7")));
    }

    [Test]
    public void The_listing_has_one_line_per_task_with_its_run_directory()
    {
        var lines = Build(["b"]).Listing().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "2", "b", "0", Path.Combine(_dir.Path, "exp", "b", "seed-0") }));
    }

    [Test]
    public void A_task_outside_the_selection_and_an_unknown_variant_are_one_line_errors()
    {
        var e = Assert.Throws<GanException>(() => Build(["a"]).Task(2))!;
        Assert.That(e.Message, Is.EqualTo("--task 2: no such task in this grid; --list shows the ids (0, 1)"));
        e = Assert.Throws<GanException>(() => Build(["d"]))!;
        Assert.That(e.Message, Is.EqualTo("exp.csx: unknown variant 'd'; choose from a, b, c"));
    }

    [Test]
    public void The_task_list_is_what_sweep_status_reads()
    {
        var grid = Build(["a", "c"]);
        grid.WriteTaskList();
        var status = SweepStatus.Read(grid.Root);
        Assert.That(status.Select(s => (s.Id, s.Variant, s.Seed, s.RunDir, s.State)),
            Is.EqualTo(grid.Tasks.Select(t => (t.Id, t.Variant, t.Seed, Path.GetFullPath(t.RunDir), TaskState.Pending))));
    }
}
