using Gan.Notebooks;

namespace Gan.Notebooks.Tests;

public class HtmlTableTests
{
    [Test]
    public void Cells_and_headers_are_html_encoded_in_order()
    {
        var html = new HtmlTable("a < b", ["x", "y & z"], [["1", "<script>"]]).ToHtml();
        Assert.That(html, Is.EqualTo("<table class=\"gan-table\"><caption>a &lt; b</caption><thead><tr><th>x</th><th>y &amp; z</th></tr></thead>" +
            "<tbody><tr><td>1</td><td>&lt;script&gt;</td></tr></tbody></table>"));
    }

    [TestCase(3.0, "3")]
    [TestCase(1234.5678, "1235")]
    [TestCase(0.000123456, "0.0001235")]
    [TestCase(double.NaN, "")]
    public void Numbers_show_four_significant_digits_or_an_integer(double v, string shown) =>
        Assert.That(HtmlTable.Number(v), Is.EqualTo(shown));
}
