using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gan.Core.Tests.Reliability;

/// <summary>How the server answers one request for a file.</summary>
public enum Serve
{
    /// <summary>The file, with its Content-Length.</summary>
    Good,
    /// <summary>The file with one byte flipped: right length, wrong MD5.</summary>
    Corrupt,
    /// <summary>A Content-Length for the whole file, half of it, then the connection closes.</summary>
    Truncated,
}

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 (an ephemeral port) for download tests: GET /NAME answers with the
/// file registered under NAME, served as its next scripted <see cref="Serve"/> (the last one repeats). It only ever
/// listens on loopback and stops when disposed.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentDictionary<string, (byte[] Body, Queue<Serve> Script)> _files = new();
    readonly Task _loop;

    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public void Add(string name, byte[] body, params Serve[] script) =>
        _files[name] = (body, new Queue<Serve>(script.Length > 0 ? script : [Serve.Good]));

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            _ = Task.Run(() => Handle(client));
        }
    }

    async Task Handle(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadHeaders(stream);
            var path = request.Split(' ').ElementAtOrDefault(1)?.TrimStart('/') ?? "";
            Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (!_files.TryGetValue(path, out var file))
            {
                await Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", []);
                return;
            }
            Serve how;
            lock (file.Script) how = file.Script.Count > 1 ? file.Script.Dequeue() : file.Script.Peek();
            var body = how == Serve.Corrupt ? Flip(file.Body) : file.Body;
            var header = $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await Write(stream, header, how == Serve.Truncated ? body[..(body.Length / 2)] : body);
        }
    }

    static byte[] Flip(byte[] body)
    {
        var copy = (byte[])body.Clone();
        copy[copy.Length / 2] ^= 0xFF;
        return copy;
    }

    static async Task<string> ReadHeaders(NetworkStream stream)
    {
        var sb = new StringBuilder();
        var buffer = new byte[1];
        while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
            sb.Append((char)buffer[0]);
        return sb.ToString();
    }

    static async Task Write(NetworkStream stream, string header, byte[] body)
    {
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
            await stream.WriteAsync(body);
            await stream.FlushAsync();
        }
        catch (IOException)
        {
            // The client gave up first (it saw a short or bad response): nothing to answer.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
