namespace Gan.Notebooks;

/// <summary>A PNG a cell returns: shown as <c>image/png</c> (a sample grid, a plot).</summary>
public sealed record PngImage(byte[] Png, string Title)
{
    public void Save(string path) => File.WriteAllBytes(path, Png);

    /// <summary>The picture inline in HTML (a data URI), for views that show several things in one block.</summary>
    public string ToHtml(string? style = null) =>
        $"<img{(style is null ? "" : $" style=\"{style}\"")} alt=\"{System.Net.WebUtility.HtmlEncode(Title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\"/>";
}
