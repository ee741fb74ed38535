using System.Globalization;
using System.Net;
using System.Text;

namespace Gan.Notebooks;

/// <summary>A table a cell returns: shown as an HTML table (<c>text/html</c>) with its column names as the header.</summary>
public sealed record HtmlTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public string ToHtml()
    {
        var s = new StringBuilder("<table class=\"gan-table\">");
        if (Caption.Length > 0) s.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        s.Append("<thead><tr>");
        foreach (var c in Columns) s.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        s.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            s.Append("<tr>");
            foreach (var cell in row) s.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            s.Append("</tr>");
        }
        return s.Append("</tbody></table>").ToString();
    }

    /// <summary>A number as the tables show it: four significant digits, or an integer as it is.</summary>
    public static string Number(double v) =>
        double.IsNaN(v) ? "" : v == Math.Round(v) && Math.Abs(v) < 1e9 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);
}
