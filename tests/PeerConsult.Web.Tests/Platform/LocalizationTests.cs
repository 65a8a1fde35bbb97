using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>Every UI text exists in Russian (default) and English, and the API answers in the asked language.</summary>
public sealed class LocalizationTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    public static TheoryData<string> ResourceFiles() => [.. RussianFiles()];

    [Fact]
    public void ResourceFiles_InSource_Found()
    {
        // Guards the theory below against passing vacuously when the source tree is not where it is expected.
        Assert.Contains(Path.Combine("Infrastructure", "Localization", "ErrorText.resx"), RussianFiles());
    }

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void Resx_RussianAndEnglish_SameKeys(string russianFile)
    {
        var russian = Keys(Path.Combine(WebSource(), russianFile));
        var englishFile = Path.Combine(WebSource(), Path.ChangeExtension(russianFile, ".en.resx"));
        Assert.True(File.Exists(englishFile), $"{russianFile} has no English counterpart.");
        var english = Keys(englishFile);

        Assert.Empty(russian.Except(english));
        Assert.Empty(english.Except(russian));
        Assert.NotEmpty(russian);
    }

    [Fact]
    public async Task ValidationMessages_Default_Russian()
    {
        var body = Bodies.Request(PeerConsultFactory.NewPhone());
        body["name"] = "";
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", body);

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Как к вам обращаться? Напишите имя.", json.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task ValidationMessages_CultureEn_English()
    {
        var body = Bodies.Request(PeerConsultFactory.NewPhone());
        body["name"] = "";
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests?culture=en", body);

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("How should we address you? Please write your name.", json.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    private static List<string> RussianFiles() =>
        [.. Directory.EnumerateFiles(WebSource(), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".en.resx", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(WebSource(), f))
            .Order(StringComparer.Ordinal)];

    private static HashSet<string> Keys(string file) =>
        [.. XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    private static string WebSource()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PeerConsult.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "PeerConsult.Web");
            }
        }

        throw new InvalidOperationException("PeerConsult.slnx not found above " + AppContext.BaseDirectory);
    }
}
