using Gan.Core.Data;

namespace Gan.Core.Tests.Data;

public class BatchSamplerTests
{
    static long[][] Epoch(int count, int batch, long seed)
    {
        using var s = new BatchSampler(count, batch, seed);
        return s.NextEpoch();
    }

    static long[] Flat(long[][] batches) => batches.SelectMany(b => b).ToArray();

    [Test]
    public void Same_seed_gives_the_same_order()
    {
        Assert.That(Flat(Epoch(100, 16, 7)), Is.EqualTo(Flat(Epoch(100, 16, 7))));
    }

    [Test]
    public void Another_seed_gives_another_order()
    {
        Assert.That(Flat(Epoch(100, 16, 7)), Is.Not.EqualTo(Flat(Epoch(100, 16, 8))));
    }

    [TestCase(128, 64)]
    [TestCase(100, 16)]
    [TestCase(7, 7)]
    [TestCase(5, 1)]
    public void Every_index_appears_exactly_once_per_epoch(int count, int batch)
    {
        using var s = new BatchSampler(count, batch, 0);
        for (int e = 0; e < 3; e++)
            Assert.That(Flat(s.NextEpoch()).Order(), Is.EqualTo(Enumerable.Range(0, count).Select(i => (long)i)));
    }

    [Test]
    public void Last_batch_is_partial_when_the_count_is_not_a_multiple_of_the_batch_size()
    {
        using var s = new BatchSampler(100, 16, 0);
        var batches = s.NextEpoch();
        Assert.Multiple(() =>
        {
            Assert.That(s.BatchesPerEpoch, Is.EqualTo(7));
            Assert.That(batches.Select(b => b.Length), Is.EqualTo(new[] { 16, 16, 16, 16, 16, 16, 4 }));
        });
    }

    [Test]
    public void Full_batches_only_when_the_count_is_a_multiple()
    {
        using var s = new BatchSampler(8000, 64, 0);
        var batches = s.NextEpoch();
        Assert.That(batches.Select(b => b.Length), Has.Exactly(125).Items.And.All.EqualTo(64));
    }

    [Test]
    public void Successive_epochs_have_different_orders()
    {
        using var s = new BatchSampler(100, 16, 3);
        var first = Flat(s.NextEpoch());
        var second = Flat(s.NextEpoch());
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void Restoring_the_state_replays_the_next_epoch()
    {
        using var s = new BatchSampler(100, 16, 3);
        s.NextEpoch();
        using var state = s.GetState();
        var next = Flat(s.NextEpoch());
        s.SetState(state);
        Assert.That(Flat(s.NextEpoch()), Is.EqualTo(next));
    }

    [Test]
    public void Batch_larger_than_the_data_set_is_a_one_line_error()
    {
        var e = Assert.Throws<GanException>(() => new BatchSampler(10, 64, 0))!;
        Assert.That(e.Message, Does.Contain("batch size 64").And.Contain("10 images").And.Not.Contain('\n'));
        Assert.Throws<GanException>(() => new BatchSampler(10, 0, 0));
    }
}
