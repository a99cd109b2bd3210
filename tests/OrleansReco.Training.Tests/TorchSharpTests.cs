using System.Runtime.InteropServices;
using OrleansReco.Build;
using TorchSharp;

namespace OrleansReco.Training.Tests;

public sealed class TorchSharpTests
{
    private static string OutputLibrary =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [LinuxX64Fact]
    public void ATensorCanBeCreatedAndSummed()
    {
        using var ones = torch.ones(2, 2);
        using var sum = ones.sum();

        Assert.Equal(4f, sum.item<float>());
    }

    [LinuxX64Fact]
    public void TheBuiltLibraryNeedsGlibcxx3432OnlyWeaklyOrTheHostHasIt()
    {
        var need = Assert.Single(ElfVersionNeedPatcher.ReadVersionNeeds(OutputLibrary),
            n => n.File == ElfVersionNeedPatcher.LibStdCxx && n.Version == ElfVersionNeedPatcher.Glibcxx3432);
        var host = ElfVersionNeedPatcher.FindHostLibStdCxx();
        var hostHasIt = host is not null && ElfVersionNeedPatcher.ReadVersionDefinitions(host).Contains(ElfVersionNeedPatcher.Glibcxx3432);

        Assert.True(hostHasIt || (need.Flags & ElfVersionNeedPatcher.VerFlagWeak) != 0);
    }

    [LinuxX64Fact]
    public void ThePatcherIsIdempotentAndTouchesOnlyTheFlag()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"libLibTorchSharp-{Guid.NewGuid():N}.so");
        File.Copy(OutputLibrary, copy);
        try
        {
            // Start from the unpatched state, whatever the build did to the output copy.
            var need = ElfVersionNeedPatcher.ReadVersionNeeds(copy).Single(n => n.Version == ElfVersionNeedPatcher.Glibcxx3432);
            ElfVersionNeedPatcher.WriteFlags(copy, need.FlagsOffset, 0);
            var original = File.ReadAllBytes(copy);

            Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.LibStdCxx, ElfVersionNeedPatcher.Glibcxx3432));
            var once = File.ReadAllBytes(copy);
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.LibStdCxx, ElfVersionNeedPatcher.Glibcxx3432));
            var twice = File.ReadAllBytes(copy);

            Assert.Equal(once, twice);
            var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != once[i]).ToArray();
            Assert.Equal([(int)need.FlagsOffset], changed);
            Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, once[need.FlagsOffset]);
            Assert.Equal(ElfPatchOutcome.NotNeeded, ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.LibStdCxx, "GLIBCXX_9.9"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [LinuxX64Fact]
    public void HostLibStdCxxVersionDefinitionsAreReadable()
    {
        var host = ElfVersionNeedPatcher.FindHostLibStdCxx();
        Assert.NotNull(host);

        var versions = ElfVersionNeedPatcher.ReadVersionDefinitions(host);

        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void ANonElfFileIsRejected()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an elf file, but long enough to hold a header...................");
            Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A fact for Linux x64 only (where the libtorch-cpu-linux-x64 natives apply).</summary>
    public sealed class LinuxX64FactAttribute : FactAttribute
    {
        public LinuxX64FactAttribute()
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                Skip = "TorchSharp natives here are libtorch-cpu-linux-x64.";
            }
        }
    }
}
