using System.Text;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>The administrator gives a consultant a photo; mothers see it in the catalog on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsultantPhotoJourney(BrowserAppFixture app)
{
    private const string Anna = "Анна Смирнова";

    [Fact]
    public async Task Administrator_UploadsPhotoAfterATextFileIsRefused_CatalogShowsItOnAPhone()
    {
        var page = await app.NewPageAsync(phone: false);
        await new AdminPages(page).SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
        var edit = new ConsultantEditPage(page);
        await edit.OpenAsync(Anna);
        await Assertions.Expect(edit.Preview(Anna)).ToHaveCountAsync(0);

        // A text file renamed .png (and claiming image/png) is refused by its content; what was typed stays.
        var bio = await edit.Bio.InputValueAsync();
        await edit.Bio.FillAsync("Мама двоих детей. Выслушаю без оценок.");
        await edit.ChoosePhotoAsync("photo.png", "image/png", Encoding.UTF8.GetBytes("это не фотография, а текст"));
        await edit.SaveAsync();
        await Assertions.Expect(edit.PhotoError).ToHaveTextAsync("Этот файл не похож на фотографию. Выберите снимок в формате JPEG, PNG или WebP.");
        await Assertions.Expect(edit.Photo).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(edit.Bio).ToHaveValueAsync("Мама двоих детей. Выслушаю без оценок.");
        await BrowserAppFixture.ScreenshotAsync(page, "admin-consultant-photo-error-1280");

        // The other journeys share this database: her story goes back as it was.
        await edit.Bio.FillAsync(bio);
        await edit.ChoosePhotoAsync("anna.png", "image/png", TestImages.Portrait());
        await edit.SaveAsync();
        await Assertions.Expect(new AdminPages(page).Notice).ToContainTextAsync(Anna);

        await edit.OpenAsync(Anna);
        await Assertions.Expect(edit.Preview(Anna)).ToBeVisibleAsync();
        Assert.True(await edit.Preview(Anna).EvaluateAsync<int>("img => img.naturalWidth") > 0, "The preview did not load.");
        await Assertions.Expect(edit.RemovePhoto).Not.ToBeCheckedAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "admin-consultant-photo-1280");
        await page.SetViewportSizeAsync(360, 780);
        await BrowserAppFixture.ScreenshotAsync(page, "admin-consultant-photo-360");
        await Layout.AssertFitsScreenAsync(page);

        // A mother on her phone, not signed in.
        var phone = await app.NewPageAsync(phone: true);
        await phone.GotoAsync("/consultants");
        var photo = phone.GetByRole(AriaRole.Img, new() { Name = $"Фото: {Anna}" });
        await Assertions.Expect(photo).ToBeVisibleAsync();
        await Assertions.Expect(photo).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"^/consultants/[0-9a-f-]{36}/photo\?v=\d+$"));
        await photo.ScrollIntoViewIfNeededAsync();
        await phone.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await photo.ElementHandleAsync());
        await BrowserAppFixture.ScreenshotAsync(phone, "catalog-photo-360");
        await Layout.AssertFitsScreenAsync(phone);

        var src = (await photo.GetAttributeAsync("src"))!;
        var response = await phone.APIRequest.GetAsync(src);
        Assert.Equal(200, response.Status);
        Assert.Equal("image/png", response.Headers["content-type"]);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        Assert.Equal(TestImages.Portrait(), await response.BodyAsync());

        // The others, without photos, keep their initials.
        await Assertions.Expect(phone.Locator("div.avatar").First).ToBeVisibleAsync();

        // Removed, the photo is gone from the catalog and from its address.
        await edit.OpenAsync(Anna);
        await edit.RemovePhoto.CheckAsync();
        await edit.SaveAsync();
        await Assertions.Expect(new AdminPages(page).Notice).ToContainTextAsync(Anna);
        await phone.ReloadAsync();
        await Assertions.Expect(photo).ToHaveCountAsync(0);
        Assert.Equal(404, (await phone.APIRequest.GetAsync(src)).Status);
    }
}
