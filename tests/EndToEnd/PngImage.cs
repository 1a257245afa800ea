using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Goldstone.Tests.EndToEnd;

/// <summary>
/// Decodes the PNGs Chromium writes (8-bit RGB or RGBA, not interlaced) into pixels: the IDAT stream inflated with
/// <see cref="ZLibStream"/> and each scanline unfiltered, so a test can look at what was actually drawn.
/// </summary>
public sealed class PngImage
{
    private PngImage(int width, int height, int channels, byte[] pixels) => (Width, Height, Channels, Pixels) = (width, height, channels, pixels);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes per pixel: 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Rows top to bottom, <see cref="Channels"/> bytes per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>The colour of pixel (x, y) as 0xRRGGBB.</summary>
    public int Rgb(int x, int y)
    {
        var at = (y * Width + x) * Channels;
        return Pixels[at] << 16 | Pixels[at + 1] << 8 | Pixels[at + 2];
    }

    public static PngImage Decode(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG signature");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                var (bitDepth, colourType, interlace) = (data[8], data[9], data[12]);
                Assert.True(bitDepth == 8 && (colourType is 2 or 6) && interlace == 0, $"unsupported PNG: depth {bitDepth}, colour type {colourType}, interlace {interlace}");
                channels = colourType == 6 ? 4 : 3;
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return new PngImage(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Undoes the per-scanline filters (None, Sub, Up, Average, Paeth) of the PNG specification.</summary>
    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        Assert.Equal((stride + 1) * height, data.Length);
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var source = data.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> above = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0, up = above[i], upLeft = i >= channels && y > 0 ? above[i - channels] : 0;
                row[i] = (byte)(source[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG filter {filter} on row {y}"),
                });
            }
        }
        return pixels;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }
}
