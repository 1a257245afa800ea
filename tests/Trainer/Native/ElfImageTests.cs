using Goldstone.Trainer.Native;

namespace Goldstone.Tests.Trainer.Native;

public sealed class ElfImageTests
{
    [Fact]
    public void Parse_SyntheticObject_ListsRequirementsAndDefinitions()
    {
        var image = ElfImage.Parse(TestElf.Build(
            [("libc.so.6", ["GLIBC_2.2.5", "GLIBC_2.34"]), ("libstdc++.so.6", ["GLIBCXX_3.4"])], ["libfoo.so", "FOO_1.0"]));

        Assert.Equal(
            ["libc.so.6/GLIBC_2.2.5", "libc.so.6/GLIBC_2.34", "libstdc++.so.6/GLIBCXX_3.4"],
            image.VersionRequirements.Select(r => $"{r.File}/{r.Version}"));
        Assert.All(image.VersionRequirements, r => Assert.False(r.IsWeak));
        Assert.Equal(["libfoo.so", "FOO_1.0"], image.VersionDefinitions);
        Assert.Equal([".dynstr", ".gnu.version_r", ".gnu.version_d", ".shstrtab"], image.Sections.Skip(1).Select(s => s.Name));
    }

    [Fact]
    public void Parse_PristineTorchSharpLibrary_RequiresGlibcxx3432FromLibstdcxx()
    {
        var image = ElfImage.Load(TestElf.PristineLibrary());

        var requirement = Assert.Single(image.VersionRequirements, r => r.Version == LibTorchNativeFix.MissingVersion);
        Assert.Equal("libstdc++.so.6", requirement.File);
        Assert.False(requirement.IsWeak);
        Assert.Contains(image.Sections, s => s.Name == ".gnu.version_r" && s.Type == ElfImage.SectionTypeGnuVerneed);
    }

    [Fact]
    public void Parse_NotElf_ThrowsElfFormatException()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(new byte[128]));

        Assert.Equal("not an ELF file (bad magic)", error.Message);
    }

    [Fact]
    public void Parse_Elf32_ThrowsElfFormatException()
    {
        var bytes = TestElf.Build([], []);
        bytes[4] = 1;

        var error = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes));

        Assert.Equal("not ELF64 (EI_CLASS 1)", error.Message);
    }

    [Fact]
    public void Parse_TruncatedFile_ThrowsElfFormatException()
    {
        var bytes = TestElf.Build([("libc.so.6", ["GLIBC_2.2.5"])], []);

        Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes[..(bytes.Length - 100)]));
    }

    [Fact]
    public void Parse_VernauxOutsideItsSection_ThrowsElfFormatException()
    {
        var bytes = TestElf.Build([("libc.so.6", ["GLIBC_2.2.5"])], []);
        var verneed = ElfImage.Parse(bytes).Sections.Single(s => s.Type == ElfImage.SectionTypeGnuVerneed);
        // vn_aux points far past the end of .gnu.version_r.
        BitConverter.TryWriteBytes(bytes.AsSpan((int)verneed.Offset + 8), 0x10000u);

        var error = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes));

        Assert.StartsWith("Vernaux entry at", error.Message);
    }
}
