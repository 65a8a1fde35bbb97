using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>One mail as the server received it: the envelope and the raw message (dot-stuffing undone).</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? User, string Data);

/// <summary>
/// A small SMTP server on a loopback port (RFC 5321 as far as MailKit uses it: EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT,
/// DATA with dot-stuffing, RSET, NOOP, QUIT). It answers like a real one, including refusals: a recipient can be
/// set to get "550" (no such mailbox) or "451" (try again later), and the credentials are checked.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _accepting;

    public FakeSmtpServer(string user = "center", string password = "smtp-secret")
    {
        User = user;
        Password = password;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string User { get; }

    public string Password { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <summary>Commands the server saw, for tests that check the conversation (never message text).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Answer RCPT TO for this address with a reply such as "550 5.1.1 mailbox unavailable".</summary>
    public void Refuse(string address, string reply) => _refusals[address] = reply;

    public void Accept(string address) => _refusals.TryRemove(address, out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false), leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        string? from = null;
        var to = new List<string>();
        string? user = null;
        await writer.WriteLineAsync("220 fake.smtp.test ESMTP ready");
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                Commands.Enqueue(verb);
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-fake.smtp.test");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 AUTH PLAIN LOGIN");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 fake.smtp.test");
                        break;
                    case "AUTH":
                        user = await AuthenticateAsync(argument, reader, writer);
                        break;
                    case "MAIL":
                        if (user is null)
                        {
                            await writer.WriteLineAsync("530 5.7.0 Authentication required");
                            break;
                        }

                        from = Address(argument);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        var address = Address(argument);
                        if (_refusals.TryGetValue(address, out var refusal))
                        {
                            await writer.WriteLineAsync(refusal);
                        }
                        else
                        {
                            to.Add(address);
                            await writer.WriteLineAsync("250 2.1.5 Ok");
                        }

                        break;
                    case "DATA":
                        if (from is null || to.Count == 0)
                        {
                            await writer.WriteLineAsync("554 5.5.1 No valid recipients");
                            break;
                        }

                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Received.Enqueue(new ReceivedMail(from, [.. to], user, data.ToString()));
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 2.0.0 Ok: queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 2.0.0 Ok");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 Ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up or the test ended.
        }
    }

    private async Task<string?> AuthenticateAsync(string argument, StreamReader reader, StreamWriter writer)
    {
        var parts = argument.Split(' ', 2);
        string? user;
        string? password;
        if (parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            var initial = parts.Length > 1 ? parts[1] : await AskAsync("", reader, writer);
            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(initial ?? "")).Split('\0');
            (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
        }
        else if (parts[0].Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
        {
            var name = parts.Length > 1 ? parts[1] : await AskAsync("VXNlcm5hbWU6", reader, writer);
            user = Encoding.UTF8.GetString(Convert.FromBase64String(name ?? ""));
            password = Encoding.UTF8.GetString(Convert.FromBase64String(await AskAsync("UGFzc3dvcmQ6", reader, writer) ?? ""));
        }
        else
        {
            await writer.WriteLineAsync("504 5.5.4 Unrecognized authentication type");
            return null;
        }

        if (user == User && password == Password)
        {
            await writer.WriteLineAsync("235 2.7.0 Authentication successful");
            return user;
        }

        await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
        return null;
    }

    private async Task<string?> AskAsync(string challenge, StreamReader reader, StreamWriter writer)
    {
        await writer.WriteLineAsync("334 " + challenge);
        return await reader.ReadLineAsync(_stop.Token);
    }

    private static string Address(string argument)
    {
        var start = argument.IndexOf('<', StringComparison.Ordinal);
        var end = argument.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? argument[(start + 1)..end] : argument;
    }
}
