namespace PeerConsult.Web.Infrastructure.Http;

/// <summary>
/// 200 with a JSON array whose elements are already serialised (comma-separated, without the brackets): a cached answer
/// is written as bytes, not re-serialised per request (ADR 13).
/// </summary>
public sealed class JsonSlice(ReadOnlyMemory<byte> elements) : IResult
{
    public ReadOnlyMemory<byte> Elements => elements;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = elements.Length + 2;
        var span = response.BodyWriter.GetSpan(elements.Length + 2);
        span[0] = (byte)'[';
        elements.Span.CopyTo(span[1..]);
        span[elements.Length + 1] = (byte)']';
        response.BodyWriter.Advance(elements.Length + 2);
        return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }
}
