using Microsoft.Playwright;

namespace PeerConsult.Browser.Tests.Infrastructure;

public static class Layout
{
    /// <summary>Nothing sticks out sideways on a phone; when something does, the message names the culprits.</summary>
    public static async Task AssertFitsScreenAsync(IPage page)
    {
        var culprits = await page.EvaluateAsync<string[]>(
            """
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return [];
              return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'absolute')
                .slice(-5)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`);
            }
            """);
        Assert.True(culprits.Length == 0, $"Wider than the {page.ViewportSize?.Width}px screen: {string.Join("; ", culprits)}");
    }
}
