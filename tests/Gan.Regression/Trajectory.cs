using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gan.Regression;

/// <summary>
/// What a training case computed, at full float64 precision: its effective config (compared exactly), its counters,
/// one row per iteration (step, epoch, D and G steps, D loss, G loss, mean D(x), mean D(G(z)) and D's extra loss terms),
/// the statistics of G(fixed noise) in eval mode, and those of G's buffers (BatchNorm running statistics). Stored as
/// JSON with one iteration per line, each number in its shortest round-trip form, so a file is readable, diffable,
/// and parses back to the exact doubles that were written.
/// </summary>
public sealed record Trajectory(
    string Case,
    JsonObject Config,
    IReadOnlyDictionary<string, double> Counters,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Steps,
    IReadOnlyDictionary<string, double> Samples,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Buffers)
{
    static readonly JsonSerializerOptions Options = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// Every compared number, labelled by where it sits ("step 12 g_loss", "samples std", "buffer main.2.running_mean
    /// mean"), in the order a run produces them: the iterations first, then what the end of the run reports.
    /// </summary>
    public IEnumerable<(string Where, int? Step, double Value)> Values()
    {
        for (int i = 0; i < Steps.Count; i++)
            foreach (var (k, v) in Steps[i]) yield return ($"step {i + 1} {k}", i + 1, v);
        foreach (var (k, v) in Counters) yield return ($"counters {k}", null, v);
        foreach (var (k, v) in Samples) yield return ($"samples {k}", null, v);
        foreach (var (b, stats) in Buffers)
            foreach (var (k, v) in stats) yield return ($"buffer {b} {k}", null, v);
    }

    public string ToJson()
    {
        var s = new StringBuilder();
        s.Append("{\n");
        s.Append($"  \"case\": {JsonSerializer.Serialize(Case)},\n");
        s.Append($"  \"config\": {Config.ToJsonString()},\n");
        s.Append($"  \"counters\": {Object(Counters)},\n");
        s.Append("  \"steps\": [\n");
        s.Append(string.Join(",\n", Steps.Select(r => "    " + Object(r))));
        s.Append("\n  ],\n");
        s.Append($"  \"samples\": {Object(Samples)},\n");
        s.Append("  \"buffers\": {");
        s.Append(string.Join(",", Buffers.Select(b => $"\n    {JsonSerializer.Serialize(b.Key)}: {Object(b.Value)}")));
        s.Append(Buffers.Count > 0 ? "\n  }\n" : "}\n");
        s.Append("}\n");
        return s.ToString();
    }

    static string Object(IReadOnlyDictionary<string, double> values) =>
        "{" + string.Join(", ", values.Select(kv => $"{JsonSerializer.Serialize(kv.Key)}: {Number(kv.Value)}")) + "}";

    /// <summary>The shortest text that parses back to the same double ("R"); non-finite values as JSON strings.</summary>
    static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : JsonSerializer.Serialize(v, Options);

    public static Trajectory FromJson(string json, string path)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException($"{path}: not a JSON object");
        JsonNode Need(string key) => root[key] ?? throw new InvalidDataException($"{path}: no \"{key}\"");
        return new Trajectory(
            Need("case").GetValue<string>(),
            Need("config").AsObject(),
            Numbers(Need("counters")),
            Need("steps").AsArray().Select(r => (IReadOnlyDictionary<string, double>)Numbers(r!)).ToList(),
            Numbers(Need("samples")),
            Need("buffers").AsObject().ToDictionary(b => b.Key, b => (IReadOnlyDictionary<string, double>)Numbers(b.Value!)));
    }

    static Dictionary<string, double> Numbers(JsonNode node) =>
        node.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.Deserialize<double>(Options));
}
