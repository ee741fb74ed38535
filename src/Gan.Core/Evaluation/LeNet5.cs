using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Gan.Core.Evaluation;

/// <summary>
/// The evaluation classifier: a LeNet-5-shaped convolutional net (two 5×5 conv + max-pool stages, then 120 → 84 → 10),
/// with ReLU and wider conv stages (32, 64 channels) than LeCun's 6 and 16 so 8,000 training digits suffice for
/// ≥ 98% test accuracy. Images (N,1,28,28) in [−1, 1] → logits (N,10).
/// <see cref="Features"/> is the named feature layer: the 84 penultimate activations, the space every metric works in
/// (small enough that covariances and k-NN distances are cheap).
/// </summary>
public sealed class LeNet5 : Module<Tensor, Tensor>
{
    public const int FeatureDim = 84;
    public const int Classes = 10;

    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> head;

    public LeNet5() : base(nameof(LeNet5))
    {
        features = Sequential(
            ("conv1", Conv2d(1, 32, kernel_size: 5, padding: 2)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(32, 64, kernel_size: 5)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
            ("flatten", Flatten()),
            ("fc1", Linear(64 * 5 * 5, 120)), ("relu3", ReLU()),
            ("fc2", Linear(120, FeatureDim)), ("relu4", ReLU()));
        head = Linear(FeatureDim, Classes);
        RegisterComponents();
    }

    /// <summary>The penultimate activations (N, 84).</summary>
    public Tensor Features(Tensor x) => features.forward(x);

    /// <summary>Class logits from features computed by <see cref="Features"/>.</summary>
    public Tensor Logits(Tensor features) => head.forward(features);

    public override Tensor forward(Tensor x) => head.forward(features.forward(x));
}
