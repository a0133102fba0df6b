// The fixed documents the httpbin images serve: the index pages, /html (a Moby-Dick page of
// the length httpbin's is), /json (a sample slide show), /xml, /robots.txt, the teapots.
// Written for gangway: the shapes and sizes follow images.md, the words are our own.

export const GO_INDEX = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>go-httpbin(1): HTTP Client Testing Service</title>
</head>
<body>
<h1>go-httpbin(1): HTTP Client Testing Service</h1>
<p>A reimplementation of httpbin in Go (stand-in served by gangway).</p>
<ul>
  <li><a href="/get">/get</a> the request's query, headers and origin</li>
  <li><a href="/anything">/anything</a> the request, whatever its method</li>
  <li><a href="/status/418">/status/:code</a> a response with that status</li>
  <li><a href="/delay/1">/delay/:n</a> a response after n seconds</li>
  <li><a href="/headers">/headers</a>, <a href="/ip">/ip</a>, <a href="/user-agent">/user-agent</a>, <a href="/uuid">/uuid</a></li>
</ul>
</body>
</html>
`;

export const PY_INDEX = `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <title>httpbin.org</title>
</head>
<body>
    <h2>httpbin.org</h2>
    <p>A simple HTTP Request &amp; Response Service (stand-in served by gangway).</p>
</body>
</html>
`;

const MOBY_HEAD = `<!DOCTYPE html>
<html>
  <head>
  </head>
  <body>
      <h1>Herman Melville - Moby-Dick</h1>

      <div>
        <p>
`;
const MOBY_TAIL = `        </p>
      </div>
  </body>
</html>`;
const MOBY_TEXT =
  'Some years ago the narrator, with little money in his purse and nothing in particular to hold him ' +
  'on shore, resolved to sail about a little and see the watery part of the world. ';

/** The /html page: 3742 bytes, as httpbin's. */
export const MOBY_DICK = ((): string => {
  const room = 3742 - MOBY_HEAD.length - MOBY_TAIL.length - 1;
  let text = '';
  while (text.length + MOBY_TEXT.length <= room) text += MOBY_TEXT;
  text = (text + ' '.repeat(room)).slice(0, room);
  return `${MOBY_HEAD}${text}\n${MOBY_TAIL}`;
})();

export const SLIDESHOW = {
  slideshow: {
    author: 'Yours Truly',
    date: 'date of publication',
    slides: [
      { title: 'Wake up to WonderWidgets!', type: 'all' },
      {
        items: ['Why <em>WonderWidgets</em> are great', 'Who <em>buys</em> WonderWidgets'],
        title: 'Overview',
        type: 'all',
      },
    ],
    title: 'Sample Slide Show',
  },
};

export const XML = `<?xml version='1.0' encoding='us-ascii'?>
<slideshow title="Sample Slide Show" date="Date of publication" author="Yours Truly">
    <slide type="all">
      <title>Wake up to WonderWidgets!</title>
    </slide>
</slideshow>`;

export const ROBOTS = 'User-agent: *\nDisallow: /deny\n';

/** go-httpbin's /status/418 body. */
export const GO_TEAPOT = "I'm a teapot!";

/** httpbin's /status/418 body: ASCII art of a teapot (drawn for gangway). */
export const PY_TEAPOT = `
    -=[ teapot ]=-

       _...._
     .'  _ _ \`.
    | ."\` ^ \`". _,
    \\_;\`"---"\`|//
      |       ;/
      \\_     _/
        \`"""\`
`;
