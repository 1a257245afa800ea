using System.Buffers.Binary;
using System.Text;

namespace Goldstone.Trainer.Native;

/// <summary>A section header of an ELF64 file.</summary>
/// <param name="Index">Position in the section header table.</param>
/// <param name="Name">Name from the section header string table (empty when the file has none).</param>
/// <param name="Type">sh_type, e.g. <see cref="ElfImage.SectionTypeGnuVerneed"/>.</param>
/// <param name="Offset">sh_offset: where the section's bytes start in the file.</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="Link">sh_link: for version sections, the index of the string table their names live in.</param>
/// <param name="Info">sh_info: for version sections, the number of entries.</param>
public sealed record ElfSection(int Index, string Name, uint Type, long Offset, long Size, uint Link, uint Info);

/// <summary>One version a shared object requires from one of its dependencies (an Elf64_Vernaux entry).</summary>
/// <param name="File">The dependency that must define the version, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">vna_flags; <see cref="ElfImage.VersionFlagWeak"/> makes a missing version non-fatal.</param>
/// <param name="VersionIndex">vna_other: the index symbols use to refer to this version.</param>
/// <param name="FlagsOffset">File offset of the two-byte vna_flags field.</param>
public sealed record ElfVersionRequirement(string File, string Version, ushort Flags, ushort VersionIndex, long FlagsOffset)
{
    /// <summary>Whether the dynamic loader tolerates the version being absent.</summary>
    public bool IsWeak => (Flags & ElfImage.VersionFlagWeak) != 0;
}

/// <summary>
/// A read-only view of a little-endian ELF64 file: its sections, the symbol versions it requires
/// (<c>.gnu.version_r</c>) and the versions it defines (<c>.gnu.version_d</c>). Every offset read from the file
/// is bounds-checked, so a truncated or hostile file raises <see cref="ElfFormatException"/>, never an
/// out-of-range read or an endless loop.
/// </summary>
public sealed class ElfImage
{
    /// <summary>SHT_STRTAB.</summary>
    public const uint SectionTypeStringTable = 3;

    /// <summary>SHT_GNU_verdef: versions this object defines.</summary>
    public const uint SectionTypeGnuVerdef = 0x6ffffffd;

    /// <summary>SHT_GNU_verneed: versions this object requires from its dependencies.</summary>
    public const uint SectionTypeGnuVerneed = 0x6ffffffe;

    /// <summary>VER_FLG_WEAK in vna_flags.</summary>
    public const ushort VersionFlagWeak = 0x2;

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;
    private const int VerdefSize = 20;
    private const int VerdauxSize = 8;

    private readonly byte[] _bytes;

    private ElfImage(byte[] bytes, IReadOnlyList<ElfSection> sections)
    {
        _bytes = bytes;
        Sections = sections;
        VersionRequirements = ReadVersionRequirements();
        VersionDefinitions = ReadVersionDefinitions();
    }

    /// <summary>All sections, in header-table order.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Every Vernaux entry of every SHT_GNU_verneed section.</summary>
    public IReadOnlyList<ElfVersionRequirement> VersionRequirements { get; }

    /// <summary>Names of the versions this object defines (all Verdaux names, the object's own name included).</summary>
    public IReadOnlyList<string> VersionDefinitions { get; }

    /// <summary>Parses <paramref name="bytes"/>; the array is kept, not copied.</summary>
    /// <exception cref="ElfFormatException">Not a well-formed little-endian ELF64 file.</exception>
    public static ElfImage Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderSize || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new ElfFormatException("not an ELF file (bad magic)");
        if (bytes[4] != 2) throw new ElfFormatException($"not ELF64 (EI_CLASS {bytes[4]})");
        if (bytes[5] != 1) throw new ElfFormatException($"not little-endian (EI_DATA {bytes[5]})");

        var sectionTableOffset = ReadOffset(bytes, 0x28, "e_shoff");
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3A));
        long count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3C));
        long nameTableIndex = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3E));
        if (sectionTableOffset == 0) return new ElfImage(bytes, []);
        if (entrySize != SectionHeaderSize) throw new ElfFormatException($"e_shentsize is {entrySize}, expected {SectionHeaderSize}");

        // Files with 0xff00 or more sections keep the real count and name-table index in section 0.
        Require(bytes, sectionTableOffset, SectionHeaderSize, "section header 0");
        if (count == 0) count = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)sectionTableOffset + 32));
        if (nameTableIndex == 0xffff) nameTableIndex = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)sectionTableOffset + 40));
        if (count > (bytes.Length - sectionTableOffset) / SectionHeaderSize)
            throw new ElfFormatException($"section header table ({count} entries at {sectionTableOffset}) runs past the end of the file");

        var raw = new (uint Name, uint Type, long Offset, long Size, uint Link, uint Info)[count];
        for (var i = 0; i < count; i++)
        {
            var at = (int)(sectionTableOffset + i * SectionHeaderSize);
            var span = bytes.AsSpan(at, SectionHeaderSize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            var offset = ReadOffset(bytes, at + 24, $"section {i} sh_offset");
            var size = ReadOffset(bytes, at + 32, $"section {i} sh_size");
            // SHT_NOBITS (8) occupies no file bytes, so its offset and size need not fit in the file.
            if (type != 8 && type != 0) Require(bytes, offset, size, $"section {i}");
            raw[i] = (BinaryPrimitives.ReadUInt32LittleEndian(span), type, offset, size,
                BinaryPrimitives.ReadUInt32LittleEndian(span[40..]), BinaryPrimitives.ReadUInt32LittleEndian(span[44..]));
        }

        var sections = new ElfSection[count];
        var hasNames = nameTableIndex > 0 && nameTableIndex < count && raw[nameTableIndex].Type == SectionTypeStringTable;
        for (var i = 0; i < count; i++)
        {
            var name = hasNames
                ? ReadString(bytes, raw[nameTableIndex].Offset, raw[nameTableIndex].Size, raw[i].Name, $"section {i} name")
                : "";
            sections[i] = new ElfSection(i, name, raw[i].Type, raw[i].Offset, raw[i].Size, raw[i].Link, raw[i].Info);
        }
        return new ElfImage(bytes, sections);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="ElfFormatException">Not a well-formed little-endian ELF64 file.</exception>
    public static ElfImage Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Whether this object defines <paramref name="version"/> (e.g. a libstdc++ defining GLIBCXX_3.4.32).</summary>
    public bool DefinesVersion(string version) => VersionDefinitions.Contains(version, StringComparer.Ordinal);

    private List<ElfVersionRequirement> ReadVersionRequirements()
    {
        var result = new List<ElfVersionRequirement>();
        foreach (var section in Sections.Where(s => s.Type == SectionTypeGnuVerneed))
        {
            var strings = StringTableOf(section);
            var entryOffset = section.Offset;
            // sh_info bounds the walk so that a cyclic vn_next chain cannot loop forever.
            for (var entry = 0u; entry < section.Info; entry++)
            {
                RequireInside(section, entryOffset, VerneedSize, "Verneed entry");
                var span = _bytes.AsSpan((int)entryOffset, VerneedSize);
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
                var file = ReadString(_bytes, strings.Offset, strings.Size, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]), "vn_file");
                var auxOffset = entryOffset + BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
                for (var aux = 0; aux < auxCount; aux++)
                {
                    RequireInside(section, auxOffset, VernauxSize, "Vernaux entry");
                    var auxSpan = _bytes.AsSpan((int)auxOffset, VernauxSize);
                    var name = ReadString(_bytes, strings.Offset, strings.Size, BinaryPrimitives.ReadUInt32LittleEndian(auxSpan[8..]), "vna_name");
                    result.Add(new ElfVersionRequirement(file, name,
                        BinaryPrimitives.ReadUInt16LittleEndian(auxSpan[4..]),
                        BinaryPrimitives.ReadUInt16LittleEndian(auxSpan[6..]),
                        auxOffset + 4));
                    var nextAux = BinaryPrimitives.ReadUInt32LittleEndian(auxSpan[12..]);
                    if (nextAux == 0) break;
                    auxOffset += nextAux;
                }
                var next = BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
                if (next == 0) break;
                entryOffset += next;
            }
        }
        return result;
    }

    private List<string> ReadVersionDefinitions()
    {
        var result = new List<string>();
        foreach (var section in Sections.Where(s => s.Type == SectionTypeGnuVerdef))
        {
            var strings = StringTableOf(section);
            var entryOffset = section.Offset;
            for (var entry = 0u; entry < section.Info; entry++)
            {
                RequireInside(section, entryOffset, VerdefSize, "Verdef entry");
                var span = _bytes.AsSpan((int)entryOffset, VerdefSize);
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
                var auxOffset = entryOffset + BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
                for (var aux = 0; aux < auxCount; aux++)
                {
                    RequireInside(section, auxOffset, VerdauxSize, "Verdaux entry");
                    var auxSpan = _bytes.AsSpan((int)auxOffset, VerdauxSize);
                    result.Add(ReadString(_bytes, strings.Offset, strings.Size, BinaryPrimitives.ReadUInt32LittleEndian(auxSpan), "vda_name"));
                    var nextAux = BinaryPrimitives.ReadUInt32LittleEndian(auxSpan[4..]);
                    if (nextAux == 0) break;
                    auxOffset += nextAux;
                }
                var next = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
                if (next == 0) break;
                entryOffset += next;
            }
        }
        return result;
    }

    private ElfSection StringTableOf(ElfSection section)
    {
        if (section.Link >= Sections.Count || Sections[(int)section.Link].Type != SectionTypeStringTable)
            throw new ElfFormatException($"section {section.Index} ({section.Name}) links to {section.Link}, which is not a string table");
        return Sections[(int)section.Link];
    }

    private static void RequireInside(ElfSection section, long offset, int length, string what)
    {
        if (offset < section.Offset || offset + length > section.Offset + section.Size)
            throw new ElfFormatException($"{what} at {offset} lies outside section {section.Index} ({section.Name})");
    }

    private static long ReadOffset(byte[] bytes, int at, string what)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
        if (value > int.MaxValue) throw new ElfFormatException($"{what} ({value}) is too large");
        return (long)value;
    }

    private static void Require(byte[] bytes, long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset + length > bytes.Length)
            throw new ElfFormatException($"{what} ({length} bytes at {offset}) runs past the end of the file ({bytes.Length} bytes)");
    }

    private static string ReadString(byte[] bytes, long tableOffset, long tableSize, uint index, string what)
    {
        if (index >= tableSize) throw new ElfFormatException($"{what}: string index {index} is outside its table ({tableSize} bytes)");
        var start = (int)(tableOffset + index);
        var end = Array.IndexOf(bytes, (byte)0, start, (int)(tableSize - index));
        if (end < 0) throw new ElfFormatException($"{what}: string at {start} is not terminated inside its table");
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}

/// <summary>A file is not the well-formed ELF64 object the caller expected.</summary>
public sealed class ElfFormatException(string message) : IOException(message);
