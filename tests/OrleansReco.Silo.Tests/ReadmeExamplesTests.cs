using System.Net;
using System.Text;

namespace OrleansReco.Silo.Tests;

/// <summary>The README's curl examples, replayed with the same methods, headers and payloads against the running gateway.</summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class ReadmeExamplesTests(EmbeddedHostFixture host)
{
    [Fact]
    public async Task Every_curl_example_of_the_readme_succeeds_with_the_same_payload()
    {
        var examples = CurlExamples(ReadmeBlock("## Try it")).ToList();
        Assert.True(examples.Count >= 10, $"found {examples.Count} curl examples in README.md");
        await ReplayAsync(examples);
    }

    [Fact]
    public async Task Every_curl_example_of_the_experiments_section_succeeds_with_the_same_payload()
    {
        var examples = CurlExamples(ReadmeBlock("## A/B experiments")).ToList();
        Assert.Equal(5, examples.Count);
        try
        {
            await ReplayAsync(examples);
        }
        finally
        {
            // The example stops its experiment; forget it at once so the other tests rank with the configured settings.
            await host.Services.GetRequiredService<OrleansReco.Grains.Experiments.ExperimentAssigner>().RefreshAsync();
        }
    }

    private async Task ReplayAsync(List<(string Method, string Url, List<(string, string)> Headers, string? Body)> examples)
    {
        foreach (var (method, url, headers, body) in examples)
        {
            using var client = host.Client(null);
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(host.BaseAddress, new Uri(url).PathAndQuery));
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value.Replace("$KEY", EmbeddedHostFixture.AdminKey, StringComparison.Ordinal));
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string ReadmeBlock(string heading)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "README.md")))
        {
            folder = folder.Parent;
        }

        var readme = File.ReadAllText(Path.Combine(folder!.FullName, "README.md"));
        var start = readme.IndexOf("```bash", readme.IndexOf(heading, StringComparison.Ordinal), StringComparison.Ordinal);
        var end = readme.IndexOf("```", start + 7, StringComparison.Ordinal);
        return readme[(start + 7)..end];
    }

    /// <summary>curl commands (continuation lines joined): method, URL, headers, data.</summary>
    private static IEnumerable<(string Method, string Url, List<(string, string)> Headers, string? Body)> CurlExamples(string block)
    {
        var command = new StringBuilder();
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.Trim();
            if (command.Length == 0 && !line.StartsWith("curl ", StringComparison.Ordinal))
            {
                continue;
            }

            command.Append(line.TrimEnd('\\')).Append(' ');
            if (line.EndsWith('\\'))
            {
                continue;
            }

            var tokens = ShellWords(command.ToString());
            command.Clear();
            var (method, url, headers, body) = ("GET", "", new List<(string, string)>(), (string?)null);
            for (var i = 1; i < tokens.Count; i++)
            {
                switch (tokens[i])
                {
                    case "-X": method = tokens[++i]; break;
                    case "-H": var header = tokens[++i].Split(':', 2); headers.Add((header[0].Trim(), header[1].Trim())); break;
                    case "-d": body = tokens[++i]; method = method == "GET" ? "POST" : method; break;
                    case "-s": break;
                    default: url = tokens[i].StartsWith("http", StringComparison.Ordinal) ? tokens[i] : url; break;
                }
            }

            yield return (method, url, headers, body);
        }
    }

    /// <summary>Splits a command line on spaces outside quotes; stops at a <c>#</c> comment.</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                (quote, inWord) = (c, true);
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
