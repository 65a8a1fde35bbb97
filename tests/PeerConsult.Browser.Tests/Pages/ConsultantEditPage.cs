using Microsoft.Playwright;

namespace PeerConsult.Browser.Tests.Pages;

/// <summary>The administrator's page for one consultant, by its labels.</summary>
public sealed class ConsultantEditPage(IPage page)
{
    public async Task OpenAsync(string displayName)
    {
        await page.GotoAsync("/admin/consultants");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Изменить: {displayName}" }).ClickAsync();
    }

    public ILocator Photo => page.GetByLabel("Фотография", new() { Exact = true });

    public ILocator RemovePhoto => page.GetByLabel("Убрать фотографию");

    public ILocator Bio => page.GetByLabel("О себе");

    public ILocator Preview(string displayName) => page.GetByRole(AriaRole.Img, new() { Name = $"Текущая фотография: {displayName}" });

    public ILocator PhotoError => page.Locator("#c-photo-error");

    public Task ChoosePhotoAsync(string fileName, string mimeType, byte[] bytes) =>
        Photo.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = bytes });

    public Task SaveAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Сохранить изменения" }).ClickAsync();
}
