using Gan.Core.Sweeps;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Sweeps;

public class SweepLockTests
{
    [Test]
    public void A_held_lock_is_refused_until_released()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "locks", "task-0.lock");
        Assert.That(SweepLock.IsHeld(path), Is.False);
        using (var held = SweepLock.TryAcquire(path))
        {
            Assert.That(held, Is.Not.Null);
            Assert.That(SweepLock.TryAcquire(path), Is.Null);
            Assert.That(SweepLock.IsHeld(path), Is.True);
        }
        Assert.That(SweepLock.IsHeld(path), Is.False);
        using var again = SweepLock.TryAcquire(path);
        Assert.That(again, Is.Not.Null);
    }
}
