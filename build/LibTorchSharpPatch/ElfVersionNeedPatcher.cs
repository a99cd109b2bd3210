// Marks a symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK), so that the dynamic loader
// accepts a host library that lacks that version instead of refusing to load.
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so records a need for
// GLIBCXX_3.4.32 — but only for the marker symbol _ZSt21ios_base_library_initv, which no relocation references
// (GCC 13 headers emit it to pull in iostream initialisation; older libstdc++ initialises iostreams itself).
// Debian 12 ships libstdc++ up to GLIBCXX_3.4.30, so dlopen fails with "version `GLIBCXX_3.4.32' not found".
// With the Vernaux entry flagged weak, glibc only notes the missing version and the library loads and works.
//
// The patch changes exactly two bytes (vna_flags of one Vernaux entry in .gnu.version_r), is idempotent (a second
// run finds the flag set and writes nothing), and is skipped in "auto" mode when the host libstdc++ defines the version.
//
// This one file is used two ways:
//  * build/LibTorchSharp.targets compiles it with RoslynCodeTaskFactory as the PatchLibTorchSharp MSBuild task;
//  * tests/OrleansReco.Training.Tests links it with ORLEANSRECO_ELF_PATCHER_ONLY defined (no MSBuild types).
// It therefore uses explicit usings and no newer runtime types (no records, no init accessors).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
#if !ORLEANSRECO_ELF_PATCHER_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace OrleansReco.Build;

/// <summary>What <see cref="ElfVersionNeedPatcher.MarkWeak"/> did.</summary>
public enum ElfPatchOutcome
{
    /// <summary>The flag was set now.</summary>
    Patched,

    /// <summary>The flag was already set; nothing was written.</summary>
    AlreadyWeak,

    /// <summary>The library does not need that version; nothing was written.</summary>
    NotNeeded,
}

/// <summary>One Vernaux entry of .gnu.version_r: library <see cref="File"/> must provide <see cref="Version"/>.</summary>
public sealed class ElfVersionNeed(string file, string version, ushort flags, long flagsOffset)
{
    /// <summary>The needed library (vn_file), e.g. libstdc++.so.6.</summary>
    public string File { get; } = file;

    /// <summary>The needed version (vna_name), e.g. GLIBCXX_3.4.32.</summary>
    public string Version { get; } = version;

    /// <summary>vna_flags (2 = VER_FLG_WEAK).</summary>
    public ushort Flags { get; } = flags;

    /// <summary>File offset of vna_flags.</summary>
    public long FlagsOffset { get; } = flagsOffset;
}

/// <summary>Reads ELF64 little-endian symbol-version sections and sets VER_FLG_WEAK on one version need.</summary>
public static class ElfVersionNeedPatcher
{
    /// <summary>VER_FLG_WEAK.</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary>The library whose need TorchSharp's native library over-states.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    /// <summary>The version it over-states.</summary>
    public const string Glibcxx3432 = "GLIBCXX_3.4.32";

    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    private static readonly string[] HostLibStdCxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>Every Vernaux entry (library, version, flags) of the library at <paramref name="path"/>.</summary>
    public static IReadOnlyList<ElfVersionNeed> ReadVersionNeeds(string path)
    {
        var elf = System.IO.File.ReadAllBytes(path);
        var result = new List<ElfVersionNeed>();
        foreach (var section in Sections(elf, path))
        {
            if (section.Type != ShtGnuVerneed)
            {
                continue;
            }

            var strings = StringTable(elf, section.Link, path);
            var entry = section.Offset;
            for (var n = 0; n < section.Info; n++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                var count = U16(elf, entry + 2);
                var file = CString(elf, strings + U32(elf, entry + 4));
                var aux = entry + U32(elf, entry + 8);
                for (var a = 0; a < count; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    result.Add(new ElfVersionNeed(file, CString(elf, strings + U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));
                    aux += U32(elf, aux + 12);
                }

                var next = U32(elf, entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    /// <summary>The version names the library defines (.gnu.version_d), e.g. a libstdc++'s GLIBCXX_* list.</summary>
    public static IReadOnlyList<string> ReadVersionDefinitions(string path)
    {
        var elf = System.IO.File.ReadAllBytes(path);
        var result = new List<string>();
        foreach (var section in Sections(elf, path))
        {
            if (section.Type != ShtGnuVerdef)
            {
                continue;
            }

            var strings = StringTable(elf, section.Link, path);
            var entry = section.Offset;
            for (var n = 0; n < section.Info; n++)
            {
                // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32;
                // the first Elf64_Verdaux (vda_name u32, vda_next u32) names the version.
                var aux = entry + U32(elf, entry + 12);
                result.Add(CString(elf, strings + U32(elf, aux)));
                var next = U32(elf, entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    /// <summary>Sets VER_FLG_WEAK on the need for <paramref name="version"/> of <paramref name="file"/>; idempotent.</summary>
    public static ElfPatchOutcome MarkWeak(string path, string file, string version)
    {
        foreach (var need in ReadVersionNeeds(path))
        {
            if (need.File == file && need.Version == version)
            {
                if ((need.Flags & VerFlagWeak) != 0)
                {
                    return ElfPatchOutcome.AlreadyWeak;
                }

                WriteFlags(path, need.FlagsOffset, (ushort)(need.Flags | VerFlagWeak));
                return ElfPatchOutcome.Patched;
            }
        }

        return ElfPatchOutcome.NotNeeded;
    }

    /// <summary>
    /// Writes vna_flags at <paramref name="offset"/> (two bytes, little-endian); nothing else changes, not even the
    /// last-write time, so MSBuild's incremental copy keeps treating the patched file as up to date.
    /// </summary>
    public static void WriteFlags(string path, long offset, ushort flags)
    {
        var lastWrite = System.IO.File.GetLastWriteTimeUtc(path);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read))
        {
            stream.Position = offset;
            stream.WriteByte((byte)(flags & 0xFF));
            stream.WriteByte((byte)(flags >> 8));
        }

        System.IO.File.SetLastWriteTimeUtc(path, lastWrite);
    }

    /// <summary>The host's libstdc++.so.6 at a standard location, or null.</summary>
    public static string? FindHostLibStdCxx()
    {
        foreach (var candidate in HostLibStdCxxCandidates)
        {
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<Section> Sections(byte[] elf, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException($"{path} is not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
        }

        // Elf64_Ehdr: e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C.
        var sectionTable = checked((long)U64(elf, 0x28));
        var entrySize = U16(elf, 0x3A);
        var count = U16(elf, 0x3C);
        if (sectionTable <= 0 || entrySize < 64 || sectionTable + ((long)count * entrySize) > elf.Length)
        {
            throw new InvalidDataException($"{path} has no readable section header table.");
        }

        for (var i = 0; i < count; i++)
        {
            // Elf64_Shdr: sh_type at +4, sh_offset at +24, sh_size at +32, sh_link at +40, sh_info at +44.
            var header = sectionTable + ((long)i * entrySize);
            yield return new Section(U32(elf, header + 4), checked((long)U64(elf, header + 24)), U32(elf, header + 40), U32(elf, header + 44));
        }
    }

    private static long StringTable(byte[] elf, uint sectionIndex, string path)
    {
        var entrySize = U16(elf, 0x3A);
        var header = checked((long)U64(elf, 0x28)) + ((long)sectionIndex * entrySize);
        if (sectionIndex >= U16(elf, 0x3C))
        {
            throw new InvalidDataException($"{path}: a version section links to a missing string table.");
        }

        return checked((long)U64(elf, header + 24));
    }

    private static string CString(byte[] elf, long offset)
    {
        var end = offset;
        while (end < elf.Length && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, (int)offset, (int)(end - offset));
    }

    private static ushort U16(byte[] b, long o) => (ushort)(b[o] | (b[o + 1] << 8));

    private static uint U32(byte[] b, long o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));

    private static ulong U64(byte[] b, long o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);

    private readonly struct Section(uint type, long offset, uint link, uint info)
    {
        public uint Type { get; } = type;

        public long Offset { get; } = offset;

        public uint Link { get; } = link;

        public uint Info { get; } = info;
    }
}

#if !ORLEANSRECO_ELF_PATCHER_ONLY
/// <summary>
/// MSBuild task: patches every libLibTorchSharp.so under <see cref="Directory"/>. <see cref="Mode"/> "auto" patches
/// only when the host libstdc++ lacks GLIBCXX_3.4.32 (or cannot be found), "always" patches anyway, "never" does nothing.
/// </summary>
public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
{
    /// <summary>The output folder to search (recursively).</summary>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <summary>auto | always | never.</summary>
    public string Mode { get; set; } = "auto";

    /// <inheritdoc />
    public override bool Execute()
    {
        if (string.Equals(Mode, "never", StringComparison.OrdinalIgnoreCase) || !System.IO.Directory.Exists(Directory))
        {
            return true;
        }

        var libraries = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0)
        {
            return true;
        }

        if (string.Equals(Mode, "auto", StringComparison.OrdinalIgnoreCase))
        {
            var host = ElfVersionNeedPatcher.FindHostLibStdCxx();
            if (host is not null && ElfVersionNeedPatcher.ReadVersionDefinitions(host).Contains(ElfVersionNeedPatcher.Glibcxx3432))
            {
                Log.LogMessage(MessageImportance.Low, $"{host} defines {ElfVersionNeedPatcher.Glibcxx3432}: libLibTorchSharp.so needs no patch.");
                return true;
            }
        }

        foreach (var library in libraries)
        {
            try
            {
                var outcome = ElfVersionNeedPatcher.MarkWeak(library, ElfVersionNeedPatcher.LibStdCxx, ElfVersionNeedPatcher.Glibcxx3432);
                Log.LogMessage(outcome == ElfPatchOutcome.Patched ? MessageImportance.High : MessageImportance.Low,
                    $"PatchLibTorchSharp: {library}: {outcome} ({ElfVersionNeedPatcher.Glibcxx3432} need marked weak).");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogWarning($"PatchLibTorchSharp: could not patch {library}: {e.Message}");
            }
        }

        return true;
    }
}
#endif
