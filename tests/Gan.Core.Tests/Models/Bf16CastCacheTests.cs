using Gan.Core.Models;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>
/// Inside a <see cref="Bf16CastCache"/> region a weight is cast to bf16 once, as under PyTorch's autocast: forwards
/// give what fresh casts give, the uses' bf16 gradients sum in bf16 before the one cast to float32 when the region
/// closes, and a change of requires_grad or of the weight casts again.
/// </summary>
public class Bf16CastCacheTests
{
    static (nn.Module<Tensor, Tensor> Layer, TorchSharp.Modules.Linear Leaf) Bf16Linear()
    {
        random.manual_seed(1);
        var leaf = nn.Linear(40, 3);
        var model = nn.Sequential(leaf);
        MixedPrecision.UseBf16(model);
        return (model, leaf);
    }

    static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    [Test]
    public void Two_forwards_in_a_region_give_what_fresh_casts_give()
    {
        var (layer, _) = Bf16Linear();
        using var x = randn(5, 40);
        using var fresh = layer.call(x).detach();
        using (Bf16CastCache.Begin())
        {
            using var first = layer.call(x);
            using var second = layer.call(x);
            Assert.Multiple(() =>
            {
                Assert.That(Same(first, fresh), Is.True);
                Assert.That(Same(second, fresh), Is.True);
            });
        }
    }

    [Test]
    public void The_uses_bf16_gradients_sum_in_bf16_then_cast_once()
    {
        var (layer, leaf) = Bf16Linear();
        using var a = randn(5, 40);
        using var b = randn(5, 40);
        using var ga = randn(5, 3);
        using var gb = randn(5, 3);
        // Each use alone, with fresh casts: its bf16 gradient, handed on exactly as float32.
        var alone = new[] { (a, ga), (b, gb) }.Select(use =>
        {
            (layer.call(use.Item1) * use.Item2).sum().backward();
            var grads = (leaf.weight!.grad!.clone(), leaf.bias!.grad!.clone());
            leaf.weight.grad = null;
            leaf.bias.grad = null;
            return grads;
        }).ToList();
        using (Bf16CastCache.Begin())
        {
            using var loss = (layer.call(a) * ga).sum() + (layer.call(b) * gb).sum();
            loss.backward();
        }
        var bf = ScalarType.BFloat16;
        using var weight = (alone[0].Item1.to(bf) + alone[1].Item1.to(bf)).to(ScalarType.Float32);
        using var bias = (alone[0].Item2.to(bf) + alone[1].Item2.to(bf)).to(ScalarType.Float32);
        // By hand for the weight: each use's gradient is gᵀx of the bf16-rounded factors.
        using var byHand = ga.to(bf).t().mm(a.to(bf));
        Assert.Multiple(() =>
        {
            Assert.That(Same(alone[0].Item1, byHand.to(ScalarType.Float32)), Is.True, "one use's weight gradient = bf16(gᵀx)");
            Assert.That(Same(leaf.weight!.grad!, weight), Is.True, "weight gradient = bf16(g₁ + g₂), then float32");
            Assert.That(Same(leaf.bias!.grad!, bias), Is.True, "bias gradient likewise");
            Assert.That(leaf.weight.grad!.dtype, Is.EqualTo(ScalarType.Float32));
        });
    }

    [Test]
    public void Freezing_a_weight_inside_a_region_casts_it_again_without_gradient()
    {
        var (layer, leaf) = Bf16Linear();
        using var x = randn(5, 40).requires_grad_(true);
        layer.call(x).sum().backward();
        using var alone = leaf.weight!.grad!.clone();
        leaf.weight.grad = null;
        x.grad = null;
        using (Bf16CastCache.Begin())
        {
            layer.call(x).sum().backward();
            foreach (var p in leaf.parameters()) p.requires_grad_(false);
            x.grad = null;
            layer.call(x).sum().backward();
            Assert.That(x.grad, Is.Not.Null, "the input still gets a gradient from the frozen use");
        }
        Assert.Multiple(() =>
        {
            Assert.That(leaf.weight.grad, Is.Not.Null, "the gradient reaches the weight when the region closes");
            Assert.That(Same(leaf.weight.grad!, alone), Is.True, "only the use before freezing contributes");
        });
    }

    [Test]
    public void Gradients_reach_the_weight_when_the_region_closes_and_add_to_one_already_there()
    {
        var (layer, leaf) = Bf16Linear();
        using var x = randn(5, 40);
        layer.call(x).sum().backward();
        using var once = leaf.weight!.grad!.clone();
        using (Bf16CastCache.Begin())
        {
            layer.call(x).sum().backward();
            Assert.That(Same(leaf.weight.grad!, once), Is.True, "inside the region the weight's gradient is as before");
        }
        using var twice = once * 2;
        Assert.Multiple(() =>
        {
            Assert.That(Same(leaf.weight.grad!, twice), Is.True, "after it the region's gradient is added");
            Assert.That(leaf.weight.grad!.is_contiguous(), Is.True);
        });
    }

    [Test]
    public void A_new_region_sees_a_weight_changed_in_place()
    {
        var (layer, leaf) = Bf16Linear();
        using var x = randn(5, 40);
        Tensor before;
        using (Bf16CastCache.Begin())
            before = layer.call(x).detach();
        using (no_grad()) leaf.weight!.mul_(2);
        using (Bf16CastCache.Begin())
        {
            using var after = layer.call(x).detach();
            using var bias = leaf.bias!.to(ScalarType.BFloat16).to(ScalarType.Float32);
            // Doubling a bf16 weight is exact, so the product part of the output doubles exactly.
            Assert.That(after.sub(bias).allclose(before.sub(bias) * 2, rtol: 1e-2, atol: 1e-2), Is.True);
            Assert.That(Same(after, before), Is.False);
        }
        before.Dispose();
    }

    [Test]
    public void Regions_close_innermost_first()
    {
        var outer = Bf16CastCache.Begin();
        var inner = Bf16CastCache.Begin();
        Assert.Throws<InvalidOperationException>(outer.Dispose);
        inner.Dispose();
        outer.Dispose();
    }
}
