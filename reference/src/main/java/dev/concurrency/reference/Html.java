package dev.concurrency.reference;

/** The pieces of HTML the reference's own pages share. This class is stateless and thread-safe. */
final class Html {

  private Html() {}

  /** Text made safe inside an element or a double-quoted attribute. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** A whole page: {@code title}, the shared style sheet at {@code root}, the site's header and {@code body}. */
  static String page(String title, String root, String body) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title>
        <link rel="stylesheet" href="%sstyle.css">
        </head>
        <body>
        <header><a href="%sindex.html">Python-style async and concurrency for Java</a>
         <nav><a href="%sindex.html#examples">Examples</a> <a href="%sapi/index.html">API</a></nav></header>
        <main>
        %s
        </main>
        </body>
        </html>
        """.formatted(escape(title), root, root, root, root, body);
  }
}
