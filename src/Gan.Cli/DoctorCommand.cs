using System.ComponentModel;
using System.Globalization;
using Gan.Core;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan doctor</c>: checks every kernel the chosen models, the loss and the evaluation classifier use against float64
/// (<see cref="KernelCheck"/>) and prints one row per operation, shape and direction with the machine's instruction
/// sets and library versions. Exit code 0 when every used kernel is within its bound, <see cref="ExitCodes.KernelCheckFailed"/> otherwise.
/// </summary>
public sealed class DoctorCommand : Command<DoctorCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--pair <PAIR>"), Description("Check one pair's models (default: all three study pairs').")]
        public string? Pair { get; init; }
        [CommandOption("-g|--generator <G>"), Description("Generator G1|G2|G3 (with --d, instead of --pair); --g works too.")]
        public string? G { get; init; }
        [CommandOption("-d|--discriminator <D>"), Description("Discriminator D1|D2; --d works too.")]
        public string? D { get; init; }
        [CommandOption("--batch-size <N>"), Description("Batch size to check at, besides 1 (default 64).")]
        public int BatchSize { get; init; } = 64;
        [CommandOption("--joint-d-batch"), Description("Also check twice the batch size, as D runs with --joint-d-batch.")]
        public bool JointDBatch { get; init; }
        [CommandOption("--threads <T>"), Description("LibTorch intra-op threads (0 = LibTorch's default); kernels can depend on it.")]
        public int Threads { get; init; }
        [CommandOption("--json <FILE>"), Description("Also write the whole report to this JSON file.")]
        public string? Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.BatchSize < 1) throw new GanException($"--batch-size {s.BatchSize} must be at least 1");
        var (generators, discriminators) = Models(s);
        var report = KernelCheck.Run(KernelCheckPlan.ForDoctor(generators, discriminators, s.BatchSize, s.JointDBatch), s.Threads);
        Print(report);
        if (s.Json is not null) Json.WriteAtomic(s.Json, report);
        var failed = report.Used.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
            throw new GanException(
                $"{failed.Count} of {report.Used.Count()} checked results are wrong on this CPU, worst {report.Worst!.Describe()} " +
                $"({KernelCheckReport.Times(report.Worst.Normalised)} the {report.Precision} bound); training and evaluation refuse to start here",
                ExitCodes.KernelCheckFailed);
        return ExitCodes.Ok;
    }

    static (IReadOnlyList<string> Generators, IReadOnlyList<string> Discriminators) Models(Settings s)
    {
        if (ModelZoo.PairOf(s.Pair, s.G, s.D) is { } p) return ([p.Generator], [p.Discriminator]);
        return (ModelZoo.Pairs.Select(p => p.Generator).ToList(), ModelZoo.Pairs.Select(p => p.Discriminator).ToList());
    }

    static void Print(KernelCheckReport report)
    {
        var m = report.Machine;
        Console.WriteLine($"CPU         {m.Cpu}: {string.Join(" ", m.InstructionSets)}");
        Console.WriteLine($"LibTorch    {m.LibTorch}, oneDNN {m.OneDnn}, ATen CPU capability {m.AtenCpuCapability}, {m.TorchThreads} thread(s)");
        Console.WriteLine($"paths       {(m.ComputePathsPinned ? "pinned" : "LibTorch's choice for this CPU")}: " +
            string.Join(" ", m.ComputePathVariables.Select(v => $"{v.Key}={v.Value ?? "(unset)"}")));

        // Redirected output gets Spectre's default 80 columns, too narrow for the table.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("op").AddColumn("in").AddColumn("shape").AddColumn("direction")
            .AddColumn(new TableColumn("error").RightAligned()).AddColumn(new TableColumn("× bound").RightAligned()).AddColumn("verdict");
        foreach (var r in report.Rows)
        {
            var verdict = (r.Passed ? "[green]ok[/]" : "[red bold]WRONG[/]") + (r.Informational ? " (not used)" : "");
            table.AddRow(
                new Text(r.Op), new Text(Users(r)), new Text(r.Shape), new Text(r.Direction),
                new Text(r.Error.ToString("G3", CultureInfo.InvariantCulture)),
                new Text(KernelCheckReport.Times(r.Normalised)), new Markup(verdict));
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"{report.Precision} against float64: {report.Summary()}");
    }

    /// <summary>The models a row's modules belong to ("G3, G3 (eval)"), the first part of each module path.</summary>
    static string Users(KernelCheckRow r) =>
        string.Join(", ", r.Modules.Select(path => path.Split('.')[0]).Distinct());
}
