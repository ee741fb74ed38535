using System.ComponentModel;
using Gan.Core.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary><c>gan data download mnist|fashion-mnist</c>: the official files, MD5-checked, with a progress bar per file.</summary>
public sealed class DataDownloadCommand : Command<DataDownloadCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DATASET>"), Description("mnist or fashion-mnist.")]
        public string Dataset { get; init; } = "";
        [CommandOption("--dir <DIR>"), Description("Parent folder; files go to DIR/<dataset>/ (default data, where training looks).")]
        public string Dir { get; init; } = "data";
        [CommandOption("--mirror <URL>"), Description("Base URL to download from instead of the official mirrors (also GAN_DATA_MIRROR).")]
        public string? Mirror { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var source = DownloadSource.For(settings.Dataset)
            .WithMirror(settings.Mirror ?? Environment.GetEnvironmentVariable(DownloadSource.MirrorVariable));
        var dir = Path.GetFullPath(Path.Combine(settings.Dir, source.Dataset));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var downloader = new DatasetDownloader(http);
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new DownloadedColumn(), new TransferSpeedColumn())
            .Start(ctx => downloader.Download(source, dir, new TaskProgress(ctx), cancellationToken));
        Console.WriteLine($"{source.Dataset}: {source.Files.Count} files MD5-verified in {dir}");
        return 0;
    }

    /// <summary>One progress bar per file, updated on the downloading thread.</summary>
    sealed class TaskProgress(ProgressContext ctx) : IProgress<DownloadProgress>
    {
        readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(DownloadProgress p)
        {
            if (!_tasks.TryGetValue(p.File, out var task))
                _tasks[p.File] = task = ctx.AddTask(Markup.Escape(p.File), maxValue: p.Total ?? 1);
            if (p.Total is long total) task.MaxValue = total;
            task.Value = p.Bytes;
        }
    }
}
