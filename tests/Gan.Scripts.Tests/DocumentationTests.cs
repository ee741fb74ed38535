using System.Text.RegularExpressions;
using Gan.Cli;
using Gan.Cli.Scripting;
using Spectre.Console.Cli;

namespace Gan.Scripts.Tests;

/// <summary>
/// The README and docs/ say nothing the code contradicts, in the parts a test can read: every link reaches a file and
/// a heading, and every concrete <c>gan</c> command in their code blocks names a real command with options it takes
/// (parsed by the CLI's own configuration, stopped before anything runs) and, for <c>gan script</c>, a script that exists.
/// </summary>
public partial class DocumentationTests
{
    static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Repo.Root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md").Order(StringComparer.Ordinal));

    static IEnumerable<TestCaseData> PageCases() =>
        Pages().Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetRelativePath(Repo.Root, p)));

    [GeneratedRegex(@"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    /// <summary>GitHub's anchor of a heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'.</summary>
    static string Anchor(string heading) =>
        new string(heading.Trim().ToLowerInvariant().Where(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or ' ').ToArray()).Replace(' ', '-');

    /// <summary>The page's text outside fenced code blocks, where links and headings are Markdown.</summary>
    static string Prose(string text) => Regex.Replace(text, @"^```.*?^```", "", RegexOptions.Multiline | RegexOptions.Singleline);

    [TestCaseSource(nameof(PageCases))]
    public void Every_link_reaches_a_file_and_a_heading(string page)
    {
        var text = Prose(File.ReadAllText(page));
        var broken = new List<string>();
        foreach (Match m in Link().Matches(text))
        {
            var target = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (Regex.IsMatch(target, "^[a-z]+://")) continue;
            var (path, anchor) = target.IndexOf('#') is var i and >= 0 ? (target[..i], target[(i + 1)..]) : (target, null);
            var file = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
            if (!File.Exists(file) && !Directory.Exists(file)) broken.Add($"{target}: no such file");
            else if (anchor is not null && !Heading().Matches(Prose(File.ReadAllText(file))).Select(h => Anchor(h.Groups[1].Value)).Contains(anchor))
                broken.Add($"{target}: no heading #{anchor} in {Path.GetRelativePath(Repo.Root, file)}");
        }
        Assert.That(broken, Is.Empty);
    }

    /// <summary>
    /// The concrete <c>gan</c> commands of a page's code blocks: lines starting with <c>gan </c> or the README's
    /// <c>dotnet run --project src/Gan.Cli -c Release --</c>, comments cut, without the placeholders of a synopsis
    /// (<c>[</c>, <c>|</c>, <c>...</c>, <c>&lt;</c>, <c>(or</c>).
    /// </summary>
    static List<string[]> Commands(string page)
    {
        var commands = new List<string[]>();
        foreach (Match block in Regex.Matches(File.ReadAllText(page), @"^```(?:bash|sh)?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline))
        {
            foreach (var raw in block.Groups[1].Value.Replace("\\\n", " ").Split('\n'))
            {
                var line = Regex.Replace(raw, @"\s+#\s.*$", "").Trim();
                foreach (var part in line.Split("&&").Select(p => p.Trim()))
                {
                    var rest = part.StartsWith("gan ", StringComparison.Ordinal) ? part[4..]
                        : part.StartsWith("dotnet run --project src/Gan.Cli -c Release -- ", StringComparison.Ordinal) ? part["dotnet run --project src/Gan.Cli -c Release -- ".Length..]
                        : null;
                    if (rest is null || new[] { "[", "|", "...", "<", "(or" }.Any(rest.Contains)) continue;
                    commands.Add(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        return commands;
    }

    /// <summary>Stops the CLI once it has parsed and bound a command's settings, before the command runs.</summary>
    sealed class StopAfterParsing : ICommandInterceptor
    {
        public void Intercept(CommandContext context, CommandSettings settings) => throw new ParsedException();
    }

    sealed class ParsedException : Exception;

    static string? ParseError(string[] args)
    {
        var (cli, script) = ScriptArguments.Split(args);
        var app = new CommandApp();
        app.Configure(c =>
        {
            GanApp.Configure(c, script);
            c.SetInterceptor(new StopAfterParsing());
        });
        try
        {
            app.Run(CliErrors.ExpandAliases(cli));
            return "ran without reaching the interceptor";
        }
        catch (ParsedException)
        {
            if (cli is ["script", var file, ..] && !File.Exists(Path.Combine(Repo.Root, file))) return $"no script {file}";
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }

    [Test]
    public void Every_documented_gan_command_parses()
    {
        var commands = Pages().SelectMany(p => Commands(p).Select(c => (Page: Path.GetRelativePath(Repo.Root, p), Args: c))).ToList();
        Assert.That(commands, Has.Count.GreaterThanOrEqualTo(15), "the pages' concrete commands were found");
        var failures = commands.Select(c => (c.Page, c.Args, Error: ParseError(c.Args))).Where(c => c.Error is not null)
            .Select(c => $"{c.Page}: gan {string.Join(' ', c.Args)}: {c.Error}").ToList();
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void The_check_refuses_an_unknown_option_and_a_missing_script()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ParseError(["train", "--epochs", "5"]), Is.Null);
            Assert.That(ParseError(["train", "--epoch", "5"]), Is.Not.Null);
            Assert.That(ParseError(["trian"]), Is.Not.Null);
            Assert.That(ParseError(["script", "scripts/no-such.csx", "--", "--quick"]), Does.Contain("no script"));
        });
    }
}
