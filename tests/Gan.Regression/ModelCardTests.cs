using Gan.Core.Models;
using Snapshooter.NUnit;

namespace Gan.Regression;

/// <summary>Locks in every model's layers in call order: type, settings, parameter count and output shape for N = 7.</summary>
public class ModelCardTests
{
    static IEnumerable<TestCaseData> Variants() =>
        ModelVariant.All.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    [TestCaseSource(nameof(Variants))]
    public void Model_card_is_unchanged(ModelVariant variant)
    {
        using var model = variant.Create();
        var card = ModelCard.Describe(variant.Name, model, variant.InputShape(7));
        var settings = model.named_modules()
            .Where(m => !m.module.children().Any())
            .ToDictionary(m => m.name, m => LayerSettings.Describe(m.module));

        Snapshot.Match(new
        {
            card.Name,
            card.Parameters,
            InputShape = Shape(card.InputShape),
            OutputShape = Shape(card.OutputShape),
            Layers = card.Layers.Select(l => $"{l.Path} {l.Type} [{settings[l.Path]}] params {l.Parameters} -> {Shape(l.OutputShape)}"),
        });
    }

    static string Shape(long[] shape) => $"({string.Join(",", shape)})";
}
