// Question: what does a discriminator defined in a script get? Everything a built-in one does. This script writes D2
// with every Linear and Conv2d spectrally normalised, registers it as D2-SN-SCRIPT and trains G2 against it, against the
// study's D2 and against the built-in --spectral-norm d (which must give the same numbers as the script's), each into a
// run directory with checkpoints, evaluation (--eval-every) and runs/custom-d/index.csv.
//
//   gan script scripts/custom-d.csx -- [--quick] [--objective hinge] [--epochs 5] [--seeds 0,1,2]
//   dotnet fsi research/compare-runs.fsx runs/custom-d
#load "common.csx"

using Gan.Core.Models;
using Gan.Core.Sweeps;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

/// <summary>D2's layers, each Linear and Conv2d wrapped in Gan.Core's SpectralNorm.</summary>
public sealed class ScriptD2SN : Discriminator
{
    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> classifier;

    public ScriptD2SN() : base("D2-SN-SCRIPT")
    {
        features = Sequential(
            new SpectralNorm(Conv2d(1, 32, kernel_size: 3)), LeakyReLU(0.2),
            new SpectralNorm(Conv2d(32, 64, kernel_size: 3)), LeakyReLU(0.2));
        classifier = Sequential(
            new SpectralNorm(Linear(64 * 24 * 24, 1024)), LeakyReLU(0.2),
            new SpectralNorm(Linear(1024, 512)), LeakyReLU(0.2),
            new SpectralNorm(Linear(512, 1)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => classifier.forward(features.forward(x).flatten(1)).squeeze(-1);
}

ModelZoo.RegisterDiscriminator("D2-SN-SCRIPT", _ => new ScriptD2SN());
var a = new ExperimentArgs("custom-d.csx", Args, []);
var baseline = Experiments.BaseConfig(a, defaultEpochs: 5, quickSubset: 128) with { Generator = "G2", Discriminator = "D2" };
var variants = new[]
{
    new Variant("d2", baseline),
    new Variant("d2-sn", baseline with { DSpectralNorm = true }),
    new Variant("d2-sn-script", baseline with { Discriminator = "D2-SN-SCRIPT" }),
};
return Experiments.Run(new Experiment("custom-d", "custom-d.csx", "G2 against D2, built-in spectral norm, and spectral norm written in this script", variants), a);
