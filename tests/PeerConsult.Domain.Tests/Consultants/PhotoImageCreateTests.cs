using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;

namespace PeerConsult.Domain.Tests.Consultants;

public class PhotoImageCreateTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, "image/png")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50 }, "image/webp")]
    public void Create_KnownSignature_ContentTypeFromTheBytes(byte[] bytes, string contentType)
    {
        var image = PhotoImage.Create(bytes);

        Assert.Equal(contentType, image.Value?.ContentType);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45 })]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 })]
    public void Create_NotJpegPngOrWebp_PhotoNotAnImage(byte[] bytes)
    {
        var image = PhotoImage.Create(bytes);

        Assert.Equal(ErrorCodes.PhotoNotAnImage, image.Error?.Code);
    }

    [Fact]
    public void Create_TextNamedPng_PhotoNotAnImage()
    {
        var image = PhotoImage.Create("это не картинка"u8.ToArray());

        Assert.Equal(ErrorCodes.PhotoNotAnImage, image.Error?.Code);
    }

    [Fact]
    public void Create_OneByteOverTwoMegabytes_PhotoTooBig()
    {
        var bytes = new byte[(2 * 1024 * 1024) + 1];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;

        var image = PhotoImage.Create(bytes);

        Assert.Equal(ErrorCodes.PhotoTooBig, image.Error?.Code);
        Assert.Equal("2", image.Error?.Arg("max"));
    }

    [Fact]
    public void Create_ExactlyTwoMegabytes_Accepted()
    {
        var bytes = new byte[2 * 1024 * 1024];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;

        Assert.True(PhotoImage.Create(bytes).IsSuccess);
    }
}
