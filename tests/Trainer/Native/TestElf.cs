using System.Buffers.Binary;
using System.Reflection;
using System.Text;
using Goldstone.Trainer.Native;

namespace Goldstone.Tests.Trainer.Native;

/// <summary>Builds minimal ELF64 objects with version sections, and finds the pristine TorchSharp library.</summary>
internal static class TestElf
{
    /// <summary>An ELF64 file with .dynstr, .gnu.version_r (the requirements), .gnu.version_d (the definitions) and .shstrtab.</summary>
    public static byte[] Build((string File, string[] Versions)[] requirements, string[] definitions)
    {
        var dynstr = new StringTable();
        var verneed = new List<byte>();
        for (var i = 0; i < requirements.Length; i++)
        {
            var (dependency, versions) = requirements[i];
            var entry = new byte[16 + 16 * versions.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(0), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(2), (ushort)versions.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), dynstr.Add(dependency));
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), 16);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), i == requirements.Length - 1 ? 0u : (uint)entry.Length);
            for (var v = 0; v < versions.Length; v++)
            {
                var aux = entry.AsSpan(16 + 16 * v);
                BinaryPrimitives.WriteUInt32LittleEndian(aux, 0x1234u + (uint)v);
                BinaryPrimitives.WriteUInt16LittleEndian(aux[6..], (ushort)(2 + v));
                BinaryPrimitives.WriteUInt32LittleEndian(aux[8..], dynstr.Add(versions[v]));
                BinaryPrimitives.WriteUInt32LittleEndian(aux[12..], v == versions.Length - 1 ? 0u : 16u);
            }
            verneed.AddRange(entry);
        }
        var verdef = new List<byte>();
        for (var i = 0; i < definitions.Length; i++)
        {
            var entry = new byte[28];
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(0), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(4), (ushort)(i + 1));
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), 20);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(16), i == definitions.Length - 1 ? 0u : 28u);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(20), dynstr.Add(definitions[i]));
            verdef.AddRange(entry);
        }

        var shstrtab = new StringTable();
        var sections = new List<(uint Name, uint Type, byte[] Data, uint Link, uint Info)>
        {
            (0, 0, [], 0, 0),
            (shstrtab.Add(".dynstr"), ElfImage.SectionTypeStringTable, dynstr.Bytes, 0, 0),
            (shstrtab.Add(".gnu.version_r"), ElfImage.SectionTypeGnuVerneed, verneed.ToArray(), 1, (uint)requirements.Length),
            (shstrtab.Add(".gnu.version_d"), ElfImage.SectionTypeGnuVerdef, verdef.ToArray(), 1, (uint)definitions.Length),
        };
        sections.Add((shstrtab.Add(".shstrtab"), ElfImage.SectionTypeStringTable, shstrtab.Bytes, 0, 0));

        var body = new List<byte>(new byte[64]);
        var offsets = new List<long>();
        foreach (var section in sections)
        {
            while (body.Count % 8 != 0) body.Add(0);
            offsets.Add(section.Data.Length == 0 ? 0 : body.Count);
            body.AddRange(section.Data);
        }
        while (body.Count % 8 != 0) body.Add(0);
        var sectionTable = body.Count;
        var file = body.Concat(new byte[64 * sections.Count]).ToArray();
        "\u007fELF"u8.CopyTo(file);
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x12), 62);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x28), (ulong)sectionTable);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x34), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3C), (ushort)sections.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3E), (ushort)(sections.Count - 1));
        for (var i = 0; i < sections.Count; i++)
        {
            var header = file.AsSpan(sectionTable + 64 * i, 64);
            BinaryPrimitives.WriteUInt32LittleEndian(header, sections[i].Name);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], sections[i].Type);
            BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)sections[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[40..], sections[i].Link);
            BinaryPrimitives.WriteUInt32LittleEndian(header[44..], sections[i].Info);
        }
        return file;
    }

    /// <summary>A libstdc++ look-alike defining the given versions.</summary>
    public static byte[] LibStdCxx(params string[] versions) =>
        Build([("libc.so.6", ["GLIBC_2.2.5"])], ["libstdc++.so.6", .. versions]);

    /// <summary>The unpatched libLibTorchSharp.so in the NuGet cache, for reading only.</summary>
    public static string PristineLibrary()
    {
        var root = typeof(TestElf).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var version = typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!
            .InformationalVersion.Split('+')[0];
        var path = Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", LibTorchNativeFix.LibraryFileName);
        Assert.True(File.Exists(path), $"the pristine TorchSharp native library is not at {path}");
        return path;
    }

    private sealed class StringTable
    {
        private readonly List<byte> _bytes = [0];

        public byte[] Bytes => _bytes.ToArray();

        public uint Add(string value)
        {
            var offset = (uint)_bytes.Count;
            _bytes.AddRange(Encoding.ASCII.GetBytes(value));
            _bytes.Add(0);
            return offset;
        }
    }
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "goldstone-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
