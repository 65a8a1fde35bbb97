using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PeerConsult.Browser.Tests.Infrastructure;

/// <summary>Real images built in memory, so the tests need no binary files in the repository.</summary>
public static class TestImages
{
    /// <summary>
    /// A square RGB PNG that reads as a portrait at avatar size: a warm background, a round "face" and
    /// "shoulders", so a screenshot shows whether the photo is cropped into the circle properly.
    /// </summary>
    public static byte[] Portrait(int size = 96)
    {
        var raw = new byte[size * ((size * 3) + 1)];
        for (var y = 0; y < size; y++)
        {
            var row = y * ((size * 3) + 1);
            raw[row] = 0; // filter: none
            for (var x = 0; x < size; x++)
            {
                double fx = (x + 0.5) / size, fy = (y + 0.5) / size;
                var face = Math.Pow(fx - 0.5, 2) + Math.Pow(fy - 0.4, 2) < 0.045;
                var shoulders = Math.Pow(fx - 0.5, 2) + Math.Pow((fy - 1.05) * 0.8, 2) < 0.09;
                (byte R, byte G, byte B) pixel = face ? ((byte)240, (byte)200, (byte)170)
                    : shoulders ? ((byte)90, (byte)120, (byte)170)
                    : ((byte)(200 + (40 * fy)), (byte)(170 + (30 * fx)), (byte)140);
                raw[row + 1 + (x * 3)] = pixel.R;
                raw[row + 2 + (x * 3)] = pixel.G;
                raw[row + 3 + (x * 3)] = pixel.B;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
