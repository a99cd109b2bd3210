using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace OrleansReco.Gateway.Apis;

/// <summary>
/// The demo page at <c>/</c>: plain HTML, CSS and JavaScript modules from <c>wwwroot/</c>, embedded in this assembly
/// (with a manifest) so every host serves them whatever its working folder, also when published.
/// </summary>
public static class DemoPage
{
    /// <summary>Page responses: revalidate every time, and load nothing from anywhere but this gateway.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Serves <c>index.html</c> at <c>/</c> and the page's other files beside it, with <c>Cache-Control: no-cache</c>.</summary>
    public static WebApplication MapDemoPage(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(DemoPage).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });
        return app;
    }
}
