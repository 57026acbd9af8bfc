<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>ChatView</source>
        <comment>Copy</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChatView</source>
        <comment>Edit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChatView</source>
        <comment>Delete</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <comment>Light</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <comment>Dark</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>No model installed yet</source>
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
</context>
<context>
    <name>Composer</name>
    <message>
        <source>&amp;Regenerate reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit last message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message numerus="yes">
        <source>{title}
Last changed {time} · %n message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
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
    <name>ModelBar</name>
    <message>
        <source>generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>{name} · in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use: the model loaded now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model is in use</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QCoreApplication</name>
    <message>
        <source>Theme</source>
        <comment>System</comment>
        <translation type="unfinished"></translation>
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
</context>
<context>
    <name>Theme</name>
    <message>
        <source>&amp;Theme</source>
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
</TS>
