using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Cli;

/// <summary>Prints a config as one visible block of key = value lines, as saved in config.json.</summary>
public static class ConfigPrinter
{
    public static string Format(TrainingConfig c)
    {
        var sb = new StringBuilder("config:\n");
        foreach (var p in typeof(TrainingConfig).GetProperties().Where(p => p.GetMethod!.IsPublic && p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
        {
            var v = p.GetValue(c);
            var text = v switch
            {
                null => "-",
                NanPolicy n => n.Name(),
                Precision x => x.Name(),
                double d => d.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
                Enum e => e.ToString().ToLowerInvariant(),
                _ => v.ToString(),
            };
            sb.AppendLine($"  {p.Name,-14} = {text}");
        }
        return sb.ToString().TrimEnd();
    }
}
