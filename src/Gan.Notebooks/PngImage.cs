namespace Gan.Notebooks;

/// <summary>A PNG a cell returns: shown as <c>image/png</c> (a sample grid, a plot).</summary>
public sealed record PngImage(byte[] Png, string Title)
{
    public void Save(string path) => File.WriteAllBytes(path, Png);
}
