using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Training;

/// <summary>
/// The exponential moving average of G's weights (<c>--ema decay</c>, Yazıcı et al. 2019), which draws sample grids
/// and evaluations. After each G step: average ← decay·average + (1 − decay)·G for each parameter once
/// <c>start</c> G steps are done (before that the average copies G); buffers (BatchNorm statistics) are copied.
/// </summary>
public sealed class MovingAverage : ITrainingHook
{
    readonly double _decay;
    readonly long _start;

    /// <summary>The average, without gradients and always in eval mode.</summary>
    public Models.Generator Average { get; }

    /// <summary>
    /// Starts the average as a copy of <paramref name="g"/>, built by <paramref name="build"/> and placed as the run's
    /// weights are. Building runs the layers' initialisation, so the global generator's state is put back after:
    /// turning the average on changes no draw.
    /// </summary>
    public MovingAverage(Models.Generator g, Func<Models.Generator> build, Device device, ScalarType dtype, double decay, long start)
    {
        _decay = decay;
        _start = start;
        using (var state = random.get_rng_state())
        {
            Average = build();
            random.set_rng_state(state);
        }
        Average.to(device);
        if (dtype != ScalarType.Float32) Average.to(dtype);
        Average.eval();
        using (no_grad())
        {
            foreach (var (c, p) in Average.parameters().Zip(g.parameters()))
            {
                c.copy_(p);
                c.requires_grad_(false);
            }
            foreach (var (c, b) in Average.buffers().Zip(g.buffers())) c.copy_(b);
        }
    }

    public void AfterGStep(GanTrainer trainer)
    {
        double decay = trainer.GStepsTaken > _start ? _decay : 0;
        using (no_grad())
        {
            foreach (var (a, p) in Average.parameters().Zip(trainer.G.parameters())) a.mul_(decay).add_(p, alpha: 1 - decay);
            foreach (var (a, b) in Average.buffers().Zip(trainer.G.buffers())) a.copy_(b);
        }
    }

    public void Dispose() => Average.Dispose();
}
