<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>a part must be an object</source>
        <translation>ein Teil muss ein Objekt sein</translation>
    </message>
    <message>
        <source>a part holds one kind of data, not both %1 and %2</source>
        <translation>ein Teil enthält nur eine Art von Daten, nicht %1 und %2 zugleich</translation>
    </message>
    <message>
        <source>the part has no data (text, inlineData, fileData…)</source>
        <translation>der Teil enthält keine Daten (text, inlineData, fileData …)</translation>
    </message>
    <message>
        <source>the part has no known kind of data (&quot;%1&quot; is not one)</source>
        <translation>der Teil enthält keine bekannte Art von Daten („%1“ ist keine)</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld „%1“</translation>
    </message>
    <message>
        <source>not a string</source>
        <translation>keine Zeichenkette</translation>
    </message>
    <message>
        <source>not true or false</source>
        <translation>weder true noch false</translation>
    </message>
    <message>
        <source>only the model&apos;s text parts can be thoughts</source>
        <translation>nur die Textteile des Modells können Gedanken sein</translation>
    </message>
    <message>
        <source>not an object</source>
        <translation>kein Objekt</translation>
    </message>
    <message>
        <source>the text contains a NUL character</source>
        <translation>der Text enthält ein NUL-Zeichen</translation>
    </message>
    <message>
        <source>a system instruction can only hold text</source>
        <translation>eine Systemanweisung kann nur Text enthalten</translation>
    </message>
    <message>
        <source>not a media type</source>
        <translation>kein Medientyp</translation>
    </message>
    <message>
        <source>the data is missing</source>
        <translation>die Daten fehlen</translation>
    </message>
    <message>
        <source>not base64</source>
        <translation>kein Base64</translation>
    </message>
    <message>
        <source>not an https or gs address</source>
        <translation>keine https- oder gs-Adresse</translation>
    </message>
    <message>
        <source>a user turn can hold text, inlineData and fileData, not %1</source>
        <translation>ein Beitrag des Benutzers kann text, inlineData und fileData enthalten, nicht %1</translation>
    </message>
    <message>
        <source>a model turn cannot hold a functionResponse</source>
        <translation>ein Beitrag des Modells kann keine functionResponse enthalten</translation>
    </message>
    <message>
        <source>a function call needs a name and its args as an object</source>
        <translation>ein Funktionsaufruf braucht einen Namen und seine Argumente (args) als Objekt</translation>
    </message>
    <message>
        <source>a turn must be an object</source>
        <translation>ein Beitrag muss ein Objekt sein</translation>
    </message>
    <message>
        <source>the role is missing (it must be &quot;user&quot; or &quot;model&quot;)</source>
        <translation>die Rolle fehlt (sie muss „user“ oder „model“ sein)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a role that can be imported (only &quot;user&quot; and &quot;model&quot;)</source>
        <translation>„%1“ ist keine Rolle, die importiert werden kann (nur „user“ und „model“)</translation>
    </message>
    <message>
        <source>(not a string)</source>
        <translation>(keine Zeichenkette)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>not an array</source>
        <translation>kein Array</translation>
    </message>
    <message>
        <source>the turn has no parts</source>
        <translation>der Beitrag hat keine Teile</translation>
    </message>
    <message>
        <source>unknown field or a value of the wrong type</source>
        <translation>unbekanntes Feld oder ein Wert des falschen Typs</translation>
    </message>
    <message>
        <source>the tool &quot;%1&quot; is not supported</source>
        <translation>das Werkzeug „%1“ wird nicht unterstützt</translation>
    </message>
    <message>
        <source>not a field of a generateContent request</source>
        <translation>kein Feld einer generateContent-Anfrage</translation>
    </message>
    <message>
        <source>the conversation has no turns</source>
        <translation>die Unterhaltung hat keine Beiträge</translation>
    </message>
    <message>
        <source>%1 turns; at most %2 can be imported</source>
        <translation>%1 Beiträge; höchstens %2 können importiert werden</translation>
    </message>
    <message>
        <source>the first turn must be the user&apos;s</source>
        <translation>der erste Beitrag muss vom Benutzer stammen</translation>
    </message>
    <message>
        <source>turns must alternate between &quot;user&quot; and &quot;model&quot;</source>
        <translation>die Beiträge müssen zwischen „user“ und „model“ abwechseln</translation>
    </message>
    <message>
        <source>The file %1 was on the server only; it may have expired.</source>
        <translation>Die Datei %1 lag nur auf dem Server; sie ist möglicherweise abgelaufen.</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>unbekanntes Feld</translation>
    </message>
    <message>
        <source>not a model name</source>
        <translation>kein Modellname</translation>
    </message>
    <message>
        <source>Imported conversation</source>
        <translation>Importierte Unterhaltung</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>%1 The server said: “%2”</source>
        <translation>%1 Der Server meldete: „%2“</translation>
    </message>
    <message>
        <source>No API key is set. Get a key at https://aistudio.google.com/apikey and add it in Settings, or set the GEMINI_API_KEY (or GOOGLE_API_KEY) environment variable.</source>
        <translation>Es ist kein API-Schlüssel festgelegt. Sie erhalten einen Schlüssel unter https://aistudio.google.com/apikey und können ihn in den Einstellungen hinzufügen, oder Sie setzen die Umgebungsvariable GEMINI_API_KEY (oder GOOGLE_API_KEY).</translation>
    </message>
    <message>
        <source>The API key was not accepted. Check that it was copied completely and has not been deleted or restricted.</source>
        <translation>Der API-Schlüssel wurde nicht akzeptiert. Prüfen Sie, ob er vollständig kopiert wurde und nicht gelöscht oder eingeschränkt ist.</translation>
    </message>
    <message>
        <source>The server refused access.</source>
        <translation>Der Server hat den Zugriff verweigert.</translation>
    </message>
    <message>
        <source>The model or resource was not found; check the model name.</source>
        <translation>Das Modell oder die Ressource wurde nicht gefunden; prüfen Sie den Modellnamen.</translation>
    </message>
    <message>
        <source>The server did not accept the request.</source>
        <translation>Der Server hat die Anfrage nicht angenommen.</translation>
    </message>
    <message>
        <source>The request cannot be served as it is.</source>
        <translation>Die Anfrage kann in dieser Form nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 Sekunde</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 Sekunden</translation>
    </message>
    <message>
        <source>You have reached a rate limit or your quota. Try again in %1, or check your plan and billing details.</source>
        <translation>Sie haben ein Ratenlimit oder Ihr Kontingent erreicht. Versuchen Sie es in %1 erneut oder prüfen Sie Ihren Tarif und Ihre Abrechnungsdaten.</translation>
    </message>
    <message>
        <source>You have reached a rate limit or your quota. Wait a little, or check your plan and billing details.</source>
        <translation>Sie haben ein Ratenlimit oder Ihr Kontingent erreicht. Warten Sie einen Moment oder prüfen Sie Ihren Tarif und Ihre Abrechnungsdaten.</translation>
    </message>
    <message>
        <source>The model is overloaded right now. Try again in a moment.</source>
        <translation>Das Modell ist gerade überlastet. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server had an internal error (HTTP %1). Try again.</source>
        <translation>Auf dem Server ist ein interner Fehler aufgetreten (HTTP %1). Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server had an internal error. Try again.</source>
        <translation>Auf dem Server ist ein interner Fehler aufgetreten. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Check the connection and try again.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet. Prüfen Sie die Verbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The request was stopped.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Could not reach the server. Check the network connection.</source>
        <translation>Der Server ist nicht erreichbar. Prüfen Sie die Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>Could not reach the server: %1</source>
        <translation>Der Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>safety</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>The prompt was blocked (%1). Rephrase it and try again.</source>
        <translation>Der Prompt wurde blockiert (%1). Formulieren Sie ihn um und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The prompt was blocked (%1: %2). Rephrase it and try again.</source>
        <translation>Der Prompt wurde blockiert (%1: %2). Formulieren Sie ihn um und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The answer stopped before it was complete: the connection ended without the model finishing.</source>
        <translation>Die Antwort brach vor ihrem Ende ab: Die Verbindung wurde beendet, bevor das Modell fertig war.</translation>
    </message>
    <message>
        <source>The server sent a reply that could not be read.</source>
        <translation>Der Server hat eine Antwort gesendet, die nicht gelesen werden konnte.</translation>
    </message>
    <message>
        <source>The server sent a reply that could not be read (%1).</source>
        <translation>Der Server hat eine Antwort gesendet, die nicht gelesen werden konnte (%1).</translation>
    </message>
</context>
<context>
    <name>ApiKeyEditor</name>
    <message>
        <source>Paste your Gemini API key</source>
        <translation>Fügen Sie Ihren Gemini-API-Schlüssel ein</translation>
    </message>
    <message>
        <source>The key from Google AI Studio; it starts with &quot;AIza&quot;</source>
        <translation>Der Schlüssel aus Google AI Studio; er beginnt mit „AIza“</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show the key as you type it, to check a paste</source>
        <translation>Den Schlüssel bei der Eingabe anzeigen, um das Eingefügte zu prüfen</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>&amp;Remember this key on this computer</source>
        <translation>Schlüssel auf diesem Computer &amp;merken</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain; unchecked, it is forgotten when Alhena quits</source>
        <translation>Den Schlüssel im Schlüsselbund des Systems aufbewahren; ohne Haken wird er beim Beenden von Alhena vergessen</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Ask the Gemini API whether it accepts this key (lists the models)</source>
        <translation>Die Gemini-API fragen, ob sie diesen Schlüssel akzeptiert (listet die Modelle auf)</translation>
    </message>
    <message>
        <source>&amp;Save Key</source>
        <translation>Schlüssel &amp;speichern</translation>
    </message>
    <message>
        <source>Use this key from now on</source>
        <translation>Diesen Schlüssel ab jetzt verwenden</translation>
    </message>
    <message>
        <source>Until this works, Alhena can keep the key for this session only, or save it in a plain file that only your user account can read.</source>
        <translation>Bis das funktioniert, kann Alhena den Schlüssel nur für diese Sitzung behalten oder ihn in einer unverschlüsselten Datei speichern, die nur Ihr Benutzerkonto lesen kann.</translation>
    </message>
    <message>
        <source>&amp;Keep for This Session</source>
        <translation>Für diese Sitzung &amp;behalten</translation>
    </message>
    <message>
        <source>Use the key until Alhena quits; it is asked for again next time</source>
        <translation>Den Schlüssel verwenden, bis Alhena beendet wird; beim nächsten Start wird erneut danach gefragt</translation>
    </message>
    <message>
        <source>Save in a &amp;File…</source>
        <translation>In einer &amp;Datei speichern …</translation>
    </message>
    <message>
        <source>Write the key, unencrypted, to a file only your user account can read</source>
        <translation>Den Schlüssel unverschlüsselt in eine Datei schreiben, die nur Ihr Benutzerkonto lesen kann</translation>
    </message>
    <message>
        <source>Paste a key first.</source>
        <translation>Fügen Sie zuerst einen Schlüssel ein.</translation>
    </message>
    <message>
        <source>That is too long to be an API key: a Gemini key is about 40 characters.</source>
        <translation>Das ist zu lang für einen API-Schlüssel: Ein Gemini-Schlüssel hat etwa 40 Zeichen.</translation>
    </message>
    <message>
        <source>That is not an API key: a key has no spaces, and only letters, digits and a few signs such as - and _. Copy the key alone from Google AI Studio.</source>
        <translation>Das ist kein API-Schlüssel: Ein Schlüssel enthält keine Leerzeichen, nur Buchstaben, Ziffern und wenige Zeichen wie - und _. Kopieren Sie nur den Schlüssel aus Google AI Studio.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
    <message>
        <source>Testing the key…</source>
        <translation>Der Schlüssel wird getestet …</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>Der Schlüssel wird im Schlüsselbund des Systems gespeichert …</translation>
    </message>
    <message>
        <source>Keeping the key for this session…</source>
        <translation>Der Schlüssel wird für diese Sitzung behalten …</translation>
    </message>
    <message>
        <source>Saved in the system keychain.</source>
        <translation>Im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>Saved in a file only you can read: %1.</source>
        <translation>In einer Datei gespeichert, die nur Sie lesen können: %1.</translation>
    </message>
    <message>
        <source>Kept for this session: it will be asked for again next time.</source>
        <translation>Für diese Sitzung behalten: Beim nächsten Start wird erneut danach gefragt.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>The key in %1 is still the one in use while that variable is set.</source>
        <translation>Der Schlüssel aus %1 bleibt in Gebrauch, solange diese Variable gesetzt ist.</translation>
    </message>
    <message>
        <source>The key could not be saved in the file: %1</source>
        <translation>Der Schlüssel konnte nicht in der Datei gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The key could not be saved in the system keychain: %1</source>
        <translation>Der Schlüssel konnte nicht im Schlüsselbund des Systems gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The key is kept for this session only: it will be asked for again next time.</source>
        <translation>Der Schlüssel wird nur für diese Sitzung behalten: Beim nächsten Start wird erneut danach gefragt.</translation>
    </message>
    <message>
        <source>Save the Key in a Plain File?</source>
        <translation>Schlüssel in einer unverschlüsselten Datei speichern?</translation>
    </message>
    <message>
        <source>The key will be written, unencrypted, to:
%1

Only your user account can open the file, but any program you run can read it, and so can anyone who gets a copy of it (a backup, for instance).

Save the key there?</source>
        <translation>Der Schlüssel wird unverschlüsselt in diese Datei geschrieben:
%1

Nur Ihr Benutzerkonto kann die Datei öffnen, aber jedes Programm, das Sie ausführen, kann sie lesen, ebenso jeder, der eine Kopie davon erhält (etwa aus einer Datensicherung).

Den Schlüssel dort speichern?</translation>
    </message>
    <message>
        <source>a file in Alhena&apos;s settings folder</source>
        <translation>eine Datei im Einstellungsordner von Alhena</translation>
    </message>
    <message>
        <source>Not saved in a file. The key is kept for this session only.</source>
        <translation>Nicht in einer Datei gespeichert. Der Schlüssel wird nur für diese Sitzung behalten.</translation>
    </message>
    <message>
        <source>Saving the key in the file…</source>
        <translation>Der Schlüssel wird in der Datei gespeichert …</translation>
    </message>
    <message>
        <source>The key from the environment variable %1 is in use. It wins over a key saved here; unset it to use another.</source>
        <translation>Der Schlüssel aus der Umgebungsvariablen %1 wird verwendet. Er hat Vorrang vor einem hier gespeicherten Schlüssel; entfernen Sie die Variable, um einen anderen zu verwenden.</translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <source>it is not in the settings format</source>
        <translation>sie hat nicht das Format einer Einstellungsdatei</translation>
    </message>
    <message>
        <source>it cannot be read</source>
        <translation>sie kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged (%2) and could not be moved aside. The default settings are used, and changes may not be saved.</source>
        <translation>Die Einstellungsdatei %1 ist beschädigt (%2) und konnte nicht beiseitegelegt werden. Es werden die Standardeinstellungen verwendet, und Änderungen werden möglicherweise nicht gespeichert.</translation>
    </message>
    <message>
        <source>The settings file %1 was damaged (%2). It was kept as %3, and the default settings are used.</source>
        <translation>Die Einstellungsdatei %1 war beschädigt (%2). Sie wurde als %3 aufbewahrt, und es werden die Standardeinstellungen verwendet.</translation>
    </message>
    <message>
        <source>Some settings could not be used and were reset to their defaults:
%1</source>
        <translation>Einige Einstellungen konnten nicht verwendet werden und wurden auf ihre Standardwerte zurückgesetzt:
%1</translation>
    </message>
    <message>
        <source>a folder is in its place</source>
        <translation>an ihrer Stelle befindet sich ein Ordner</translation>
    </message>
    <message>
        <source>it is %1 MB large, far more than any settings file</source>
        <translation>sie ist %1 MB groß, weit mehr als jede Einstellungsdatei</translation>
    </message>
    <message>
        <source>it cannot be read: %1</source>
        <translation>sie kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>it contains binary data</source>
        <translation>sie enthält Binärdaten</translation>
    </message>
    <message>
        <source>The settings could not be saved to %1. They apply until Alhena is closed.</source>
        <translation>Die Einstellungen konnten nicht in %1 gespeichert werden. Sie gelten, bis Alhena beendet wird.</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <source>Attachment %1</source>
        <translation>Anhang %1</translation>
    </message>
    <message>
        <source>%L1%</source>
        <extracomment>upload progress of one attachment</extracomment>
        <translation>%L1 %</translation>
    </message>
    <message>
        <source>Uploading %1</source>
        <translation>%1 wird hochgeladen</translation>
    </message>
    <message>
        <source>Pause %1</source>
        <translation>%1 anhalten</translation>
    </message>
    <message>
        <source>Play %1</source>
        <translation>%1 abspielen</translation>
    </message>
    <message>
        <source>No audio output device is available.</source>
        <translation>Es ist kein Audioausgabegerät verfügbar.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>duration unknown</source>
        <translation>Dauer unbekannt</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>playback position / duration of an audio attachment</extracomment>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>AttachmentPlanner</name>
    <message>
        <source>Attachments larger than %1 MB need the Gemini Files API, which is not available here.</source>
        <translation>Anhänge über %1 MB benötigen die Gemini Files API, die hier nicht verfügbar ist.</translation>
    </message>
    <message>
        <source>the pasted data</source>
        <translation>die eingefügten Daten</translation>
    </message>
    <message>
        <source>Cannot attach %1: it is empty.</source>
        <translation>%1 kann nicht angehängt werden: Die Datei ist leer.</translation>
    </message>
    <message>
        <source>Cannot attach %1: it is %2 MB, over the %3 MB a file may have.</source>
        <translation>%1 kann nicht angehängt werden: Die Datei ist %2 MB groß, erlaubt sind höchstens %3 MB.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Cannot attach %1: its type is %2, which Gemini does not accept. Accepted are:
%3</source>
        <translation>%1 kann nicht angehängt werden: Der Typ %2 wird von Gemini nicht akzeptiert. Akzeptiert werden:
%3</translation>
    </message>
    <message>
        <source>Cannot attach %1: %2.</source>
        <translation>%1 kann nicht angehängt werden: %2.</translation>
    </message>
    <message>
        <source>Cannot attach %1: the file changed while it was being read.</source>
        <translation>%1 kann nicht angehängt werden: Die Datei hat sich beim Lesen geändert.</translation>
    </message>
    <message>
        <source>Cannot keep %1 for its upload: %2.</source>
        <translation>%1 kann nicht für das Hochladen bereitgehalten werden: %2.</translation>
    </message>
    <message>
        <source>The upload of %1 cannot be followed: the file list is gone.</source>
        <translation>Das Hochladen von %1 kann nicht verfolgt werden: Die Dateiliste ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>Uploading %1 (%2 of %3)…</source>
        <translation>%1 wird hochgeladen (%2 von %3) …</translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation>%1 wird hochgeladen …</translation>
    </message>
    <message>
        <source>Waiting for %1 to be processed…</source>
        <translation>Warten, bis %1 verarbeitet ist …</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>file not found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>a folder, not a file</source>
        <translation>ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>keine reguläre Datei</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>leere Datei</translation>
    </message>
    <message>
        <source>larger than %1</source>
        <translation>größer als %1</translation>
    </message>
    <message>
        <source>this type cannot be sent</source>
        <translation>dieser Typ kann nicht gesendet werden</translation>
    </message>
    <message>
        <source>corrupt or unreadable image</source>
        <translation>beschädigtes oder unlesbares Bild</translation>
    </message>
    <message>
        <source>%1 cannot be read as an image: %2</source>
        <translation>%1 kann nicht als Bild gelesen werden: %2</translation>
    </message>
    <message>
        <source>Pasted data</source>
        <translation>Eingefügte Daten</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>%1 is empty: there is nothing to send.</source>
        <translation>%1 ist leer: Es gibt nichts zu senden.</translation>
    </message>
    <message>
        <source>%1 is of type %2, which Gemini does not accept. Accepted are:
%3</source>
        <translation>%1 hat den Typ %2, den Gemini nicht akzeptiert. Akzeptiert werden:
%3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>Pasted image.png</source>
        <translation>Eingefügtes Bild.png</translation>
    </message>
    <message>
        <source>not a local file</source>
        <translation>keine lokale Datei</translation>
    </message>
    <message>
        <source>%1 is not a file on this computer; only local files can be attached. Download it first.</source>
        <translation>%1 ist keine Datei auf diesem Computer; nur lokale Dateien können angehängt werden. Laden Sie sie zuerst herunter.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>over the limit of %1 attachments</source>
        <translation>über der Grenze von %1 Anhängen</translation>
    </message>
</context>
<context>
    <name>AudioProbe</name>
    <message>
        <source>The file is truncated: its header is incomplete.</source>
        <translation>Die Datei ist abgeschnitten: Ihr Header ist unvollständig.</translation>
    </message>
    <message>
        <source>The header gives an invalid sample rate.</source>
        <translation>Der Header gibt eine ungültige Abtastrate an.</translation>
    </message>
    <message>
        <source>The header gives an invalid number of channels.</source>
        <translation>Der Header gibt eine ungültige Anzahl von Kanälen an.</translation>
    </message>
    <message>
        <source>The length given in the header is not plausible.</source>
        <translation>Die im Header angegebene Länge ist nicht plausibel.</translation>
    </message>
    <message>
        <source>The WAV file has no format chunk.</source>
        <translation>Die WAV-Datei hat keinen Format-Chunk.</translation>
    </message>
    <message>
        <source>The WAV file has no audio data.</source>
        <translation>Die WAV-Datei enthält keine Audiodaten.</translation>
    </message>
    <message>
        <source>The file is truncated: the header announces %1 bytes of audio but only %2 are present.</source>
        <translation>Die Datei ist abgeschnitten: Der Header kündigt %1 Bytes Audio an, vorhanden sind aber nur %2.</translation>
    </message>
    <message>
        <source>The AIFF file has no COMM chunk.</source>
        <translation>Die AIFF-Datei hat keinen COMM-Chunk.</translation>
    </message>
    <message>
        <source>The FLAC header does not give the length.</source>
        <translation>Der FLAC-Header gibt die Länge nicht an.</translation>
    </message>
    <message>
        <source>Not a recognised audio format.</source>
        <translation>Kein bekanntes Audioformat.</translation>
    </message>
    <message>
        <source>The AAC stream has no valid frame.</source>
        <translation>Der AAC-Stream enthält keinen gültigen Frame.</translation>
    </message>
    <message>
        <source>The OGG file holds a codec that is not recognised.</source>
        <translation>Die OGG-Datei enthält einen unbekannten Codec.</translation>
    </message>
    <message>
        <source>The end of the OGG stream cannot be found.</source>
        <translation>Das Ende des OGG-Streams wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>Die Datei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Die Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The audio cannot be probed from a stream.</source>
        <translation>Audio kann nicht aus einem Stream untersucht werden.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>The file is too short to be audio.</source>
        <translation>Die Datei ist zu kurz für Audio.</translation>
    </message>
    <message>
        <source>The file holds tags but no audio.</source>
        <translation>Die Datei enthält Tags, aber kein Audio.</translation>
    </message>
</context>
<context>
    <name>BlobCache</name>
    <message>
        <source>Cannot create the attachment folder %1. Check that the disk is writable and not full.</source>
        <translation>Der Ordner für Anhänge %1 kann nicht erstellt werden. Prüfen Sie, ob der Datenträger beschreibbar und nicht voll ist.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Cannot compute the SHA-256 of an attachment.</source>
        <translation>Der SHA-256-Wert eines Anhangs kann nicht berechnet werden.</translation>
    </message>
    <message>
        <source>No folder is set for attachments.</source>
        <translation>Es ist kein Ordner für Anhänge festgelegt.</translation>
    </message>
    <message>
        <source>No file was given to store.</source>
        <translation>Es wurde keine Datei zum Speichern angegeben.</translation>
    </message>
    <message>
        <source>Cannot read %1: it is a folder.</source>
        <translation>%1 kann nicht gelesen werden: Es ist ein Ordner.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1 changed while it was being stored; please attach it again.</source>
        <translation>%1 hat sich beim Speichern geändert; bitte hängen Sie die Datei erneut an.</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>The model sent no answer.</source>
        <translation>Das Modell hat keine Antwort gesendet.</translation>
    </message>
    <message>
        <source>Continue exactly where you stopped.</source>
        <translation>Fahre genau dort fort, wo du aufgehört hast.</translation>
    </message>
</context>
<context>
    <name>ChatTurn</name>
    <message>
        <source>for safety reasons</source>
        <translation>aus Sicherheitsgründen</translation>
    </message>
    <message>
        <source>because it contains terms on a blocklist</source>
        <translation>wegen Begriffen auf einer Sperrliste</translation>
    </message>
    <message>
        <source>because it may contain prohibited content</source>
        <translation>wegen möglicherweise verbotener Inhalte</translation>
    </message>
    <message>
        <source>because an image was judged unsafe</source>
        <translation>wegen eines als unsicher eingestuften Bildes</translation>
    </message>
    <message>
        <source>for an unspecified reason</source>
        <translation>aus einem nicht genannten Grund</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>Stopped. The answer so far is kept.</source>
        <translation>Abgebrochen. Die bisherige Antwort bleibt erhalten.</translation>
    </message>
    <message>
        <source>Stopped before any answer arrived.</source>
        <translation>Abgebrochen, bevor eine Antwort eintraf.</translation>
    </message>
    <message>
        <source>The model sent no answer.</source>
        <translation>Das Modell hat keine Antwort gesendet.</translation>
    </message>
    <message>
        <source>%1 The answer so far is kept.</source>
        <translation>%1 Die bisherige Antwort bleibt erhalten.</translation>
    </message>
    <message>
        <source>Your message was blocked %1.</source>
        <translation>Ihre Nachricht wurde %1 blockiert.</translation>
    </message>
    <message>
        <source>Flagged: %1.</source>
        <translation>Markiert: %1.</translation>
    </message>
    <message>
        <source>Edit it and send again.</source>
        <translation>Bearbeiten Sie sie und senden Sie sie erneut.</translation>
    </message>
    <message>
        <source>The answer was cut off: it reached the maximum output length.</source>
        <translation>Die Antwort wurde abgeschnitten: Sie hat die maximale Ausgabelänge erreicht.</translation>
    </message>
    <message>
        <source>The answer was stopped by the safety filters.</source>
        <translation>Die Antwort wurde von den Sicherheitsfiltern gestoppt.</translation>
    </message>
    <message>
        <source>The answer was stopped because it resembled existing material too closely (recitation).</source>
        <translation>Die Antwort wurde gestoppt, weil sie vorhandenem Material zu sehr ähnelte (Rezitation).</translation>
    </message>
    <message>
        <source>The answer was stopped because it may contain prohibited or sensitive content.</source>
        <translation>Die Antwort wurde gestoppt, weil sie möglicherweise verbotene oder sensible Inhalte enthält.</translation>
    </message>
    <message>
        <source>The answer ended early: the model produced a malformed function call.</source>
        <translation>Die Antwort endete vorzeitig: Das Modell hat einen fehlerhaften Funktionsaufruf erzeugt.</translation>
    </message>
    <message>
        <source>The answer ended early (%1).</source>
        <translation>Die Antwort endete vorzeitig (%1).</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <source>Interrupted: Alhena was closed while the answer was arriving. The answer so far is kept.</source>
        <translation>Unterbrochen: Alhena wurde geschlossen, während die Antwort eintraf. Die bisherige Antwort bleibt erhalten.</translation>
    </message>
    <message>
        <source>Interrupted: Alhena was closed before the answer arrived.</source>
        <translation>Unterbrochen: Alhena wurde geschlossen, bevor die Antwort eintraf.</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>Zur neuesten springen</translation>
    </message>
    <message>
        <source>Scroll to the latest message and follow it</source>
        <translation>Zur neuesten Nachricht scrollen und ihr folgen</translation>
    </message>
</context>
<context>
    <name>ClientConfig</name>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>„%1“ ist keine gültige URL.</translation>
    </message>
    <message>
        <source>The endpoint must be an https:// URL, not “%1”.</source>
        <translation>Der Endpunkt muss eine https://-URL sein, nicht „%1“.</translation>
    </message>
    <message>
        <source>Refusing to send the API key unencrypted to %1: use https://, or http:// only for this machine (localhost).</source>
        <translation>Der API-Schlüssel wird nicht unverschlüsselt an %1 gesendet: Verwenden Sie https:// oder http:// nur für diesen Rechner (localhost).</translation>
    </message>
    <message>
        <source>The endpoint URL must not contain a user name or password.</source>
        <translation>Die Endpunkt-URL darf keinen Benutzernamen und kein Passwort enthalten.</translation>
    </message>
    <message>
        <source>The endpoint URL must not contain a query or a fragment.</source>
        <translation>Die Endpunkt-URL darf keine Abfrage und kein Fragment enthalten.</translation>
    </message>
    <message>
        <source>The endpoint from the %1 is unusable: %2</source>
        <translation>Der Endpunkt (Quelle: %1) ist nicht verwendbar: %2</translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Strg+Eingabe</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>%1 sends; Enter starts a new line.</source>
        <translation>%1 sendet; Eingabe beginnt eine neue Zeile.</translation>
    </message>
    <message>
        <source>Enter sends; Shift+Enter starts a new line.</source>
        <translation>Eingabe sendet; Umschalt+Eingabe beginnt eine neue Zeile.</translation>
    </message>
</context>
<context>
    <name>ConversationArchive</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not an ISO 8601 time</source>
        <translation>keine Zeitangabe nach ISO 8601</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>The file is too large to import (more than %1 MB).</source>
        <translation>Die Datei ist zu groß für den Import (mehr als %1 MB).</translation>
    </message>
    <message>
        <source>The file is nested more than %1 levels deep; it is not a conversation export.</source>
        <translation>Die Datei ist tiefer als %1 Ebenen verschachtelt; sie ist kein Export von Unterhaltungen.</translation>
    </message>
    <message>
        <source>The file is not valid JSON (%1 at byte %2); it may be truncated or damaged.</source>
        <translation>Die Datei ist kein gültiges JSON (%1 bei Byte %2); sie ist möglicherweise abgeschnitten oder beschädigt.</translation>
    </message>
    <message>
        <source>The file holds a JSON %1, not a conversation export (an object).</source>
        <translation>Die Datei enthält ein JSON-%1, keinen Export von Unterhaltungen (ein Objekt).</translation>
    </message>
    <message>
        <source>array</source>
        <translation>Array</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>The file is not a conversation export: it has neither &quot;format&quot; nor &quot;contents&quot;.</source>
        <translation>Die Datei ist kein Export von Unterhaltungen: Sie enthält weder „format“ noch „contents“.</translation>
    </message>
    <message>
        <source>The file&apos;s format is &quot;%1&quot;, not &quot;%2&quot;.</source>
        <translation>Das Format der Datei ist „%1“, nicht „%2“.</translation>
    </message>
    <message>
        <source>(not a string)</source>
        <translation>(keine Zeichenkette)</translation>
    </message>
    <message>
        <source>The file&apos;s &quot;version&quot; is missing or not a version number.</source>
        <translation>Die „version“ der Datei fehlt oder ist keine Versionsnummer.</translation>
    </message>
    <message>
        <source>The file is of version %1, made by a newer Alhena; this one reads version %2.</source>
        <translation>Die Datei hat die Version %1 und stammt von einer neueren Alhena-Version; diese liest Version %2.</translation>
    </message>
    <message>
        <source>%1: unknown field</source>
        <translation>%1: unbekanntes Feld</translation>
    </message>
    <message>
        <source>conversations: %1</source>
        <translation>conversations: %1</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>not an array</source>
        <translation>kein Array</translation>
    </message>
    <message>
        <source>The file holds %1 conversations; at most %2 can be imported at once.</source>
        <translation>Die Datei enthält %1 Unterhaltungen; höchstens %2 können auf einmal importiert werden.</translation>
    </message>
    <message>
        <source>conversation %1</source>
        <translation>Unterhaltung %1</translation>
    </message>
    <message>
        <source>%1: not an object</source>
        <translation>%1: kein Objekt</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 ist keine Datei.</translation>
    </message>
    <message>
        <source>%1 is too large to import (%2 MB; at most %3 MB).</source>
        <translation>%1 ist zu groß für den Import (%2 MB; höchstens %3 MB).</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is too large to import.</source>
        <translation>%1 ist zu groß für den Import.</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Created: %1</source>
        <translation>Erstellt: %1</translation>
    </message>
    <message>
        <source>Temperature: %1</source>
        <translation>Temperatur: %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Attachment: %1</source>
        <translation>Anhang: %1</translation>
    </message>
    <message>
        <source>File on the server: %1</source>
        <translation>Datei auf dem Server: %1</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>Gemini (%1)</source>
        <translation>Gemini (%1)</translation>
    </message>
    <message>
        <source>Thoughts</source>
        <translation>Gedanken</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>Der Ordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>No free file name for %1 in %2.</source>
        <translation>Kein freier Dateiname für %1 in %2.</translation>
    </message>
    <message>
        <source>Cannot make a safe file name for %1.</source>
        <translation>Für %1 kann kein sicherer Dateiname gebildet werden.</translation>
    </message>
    <message>
        <source>Refusing to write %1 outside %2.</source>
        <translation>%1 wird nicht außerhalb von %2 geschrieben.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Refusing to write outside %1.</source>
        <translation>Außerhalb von %1 wird nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The conversations cannot be read.</source>
        <translation>Die Unterhaltungen können nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The conversation cannot be read.</source>
        <translation>Die Unterhaltung kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The conversations cannot be counted.</source>
        <translation>Die Unterhaltungen können nicht gezählt werden.</translation>
    </message>
    <message>
        <source>The conversation cannot be stored.</source>
        <translation>Die Unterhaltung kann nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>there is no such conversation</source>
        <translation>diese Unterhaltung gibt es nicht</translation>
    </message>
    <message>
        <source>The conversation cannot be renamed.</source>
        <translation>Die Unterhaltung kann nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>The conversation cannot be pinned.</source>
        <translation>Die Unterhaltung kann nicht angeheftet werden.</translation>
    </message>
    <message>
        <source>The conversation&apos;s settings cannot be stored.</source>
        <translation>Die Einstellungen der Unterhaltung können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The conversation&apos;s settings cannot be read.</source>
        <translation>Die Einstellungen der Unterhaltung können nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The conversation cannot be moved to the trash.</source>
        <translation>Die Unterhaltung kann nicht in den Papierkorb verschoben werden.</translation>
    </message>
    <message>
        <source>The conversation cannot be restored.</source>
        <translation>Die Unterhaltung kann nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>The trash cannot be emptied.</source>
        <translation>Der Papierkorb kann nicht geleert werden.</translation>
    </message>
    <message>
        <source>The conversation cannot be duplicated.</source>
        <translation>Die Unterhaltung kann nicht dupliziert werden.</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>The attachments cannot be recorded.</source>
        <translation>Die Anhänge können nicht erfasst werden.</translation>
    </message>
    <message>
        <source>The message cannot be stored.</source>
        <translation>Die Nachricht kann nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>the turn it answers is not in this conversation</source>
        <translation>die Nachricht, auf die sie antwortet, gehört nicht zu dieser Unterhaltung</translation>
    </message>
    <message>
        <source>The conversation&apos;s path cannot be stored.</source>
        <translation>Die angezeigten Versionen der Unterhaltung können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The message cannot be saved.</source>
        <translation>Die Nachricht kann nicht gesichert werden.</translation>
    </message>
    <message>
        <source>the message was never stored</source>
        <translation>die Nachricht wurde nie gespeichert</translation>
    </message>
    <message>
        <source>the message is no longer in the history</source>
        <translation>die Nachricht ist nicht mehr im Verlauf</translation>
    </message>
    <message>
        <source>The message cannot be deleted.</source>
        <translation>Die Nachricht kann nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>the message is not in this conversation</source>
        <translation>die Nachricht gehört nicht zu dieser Unterhaltung</translation>
    </message>
    <message>
        <source>The message cannot be read.</source>
        <translation>Die Nachricht kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The other version cannot be shown.</source>
        <translation>Die andere Version kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>The message cannot be shown.</source>
        <translation>Die Nachricht kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>Unfinished answers cannot be marked as interrupted.</source>
        <translation>Unvollständige Antworten können nicht als unterbrochen markiert werden.</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>Die Suche ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The conversations cannot be stored.</source>
        <translation>Die Unterhaltungen können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The attachments in use cannot be listed.</source>
        <translation>Die verwendeten Anhänge können nicht aufgelistet werden.</translation>
    </message>
</context>
<context>
    <name>Credentials</name>
    <message>
        <source>This build of Alhena cannot use the system keychain.</source>
        <translation>Diese Version von Alhena kann den Schlüsselbund des Systems nicht verwenden.</translation>
    </message>
    <message>
        <source>No file for secrets is set up.</source>
        <translation>Es ist keine Datei für Geheimnisse eingerichtet.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The schema version cannot be read.</source>
        <translation>Die Schemaversion kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot go from schema version %1 to %2.</source>
        <translation>Von Schemaversion %1 kann nicht auf %2 gewechselt werden.</translation>
    </message>
    <message>
        <source>Updating the history to schema version %1 failed: %2</source>
        <translation>Die Aktualisierung des Verlaufs auf Schemaversion %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>write-ahead logging is not available (journal mode %1)</source>
        <translation>Write-Ahead-Logging ist nicht verfügbar (Journalmodus %1)</translation>
    </message>
    <message>
        <source>No file was given for the history database.</source>
        <translation>Für die Verlaufsdatenbank wurde keine Datei angegeben.</translation>
    </message>
    <message>
        <source>The history cannot be kept: the folder %1 cannot be created.</source>
        <translation>Der Verlauf kann nicht gespeichert werden: Der Ordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>The history cannot be kept: %1 is not a file.</source>
        <translation>Der Verlauf kann nicht gespeichert werden: %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>The history database %1 cannot be opened: %2</source>
        <translation>Die Verlaufsdatenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The history database %1 was made by a newer version of Alhena (schema %2; this version knows up to %3). Update Alhena to open it.</source>
        <translation>Die Verlaufsdatenbank %1 wurde von einer neueren Version von Alhena erstellt (Schema %2; diese Version kennt bis %3). Aktualisieren Sie Alhena, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>The history database %1 cannot be read right now: %2</source>
        <translation>Die Verlaufsdatenbank %1 kann gerade nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The history database %1 cannot be used: %2</source>
        <translation>Die Verlaufsdatenbank %1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>The history database %1 cannot be used. %2</source>
        <translation>Die Verlaufsdatenbank %1 kann nicht verwendet werden. %2</translation>
    </message>
    <message>
        <source>The history database %1 is damaged, and no copy of it could be made (%2), so it was left as it is.</source>
        <translation>Die Verlaufsdatenbank %1 ist beschädigt, und es konnte keine Kopie davon erstellt werden (%2); sie wurde daher unverändert gelassen.</translation>
    </message>
    <message>
        <source>The history database was damaged and has been repaired; some recent changes may be missing. A copy of the damaged file was kept at %1.</source>
        <translation>Die Verlaufsdatenbank war beschädigt und wurde repariert; einige neuere Änderungen fehlen möglicherweise. Eine Kopie der beschädigten Datei wurde unter %1 aufbewahrt.</translation>
    </message>
    <message>
        <source>The history database %1 is damaged and cannot be replaced (it cannot be removed). A copy was kept at %2.</source>
        <translation>Die Verlaufsdatenbank %1 ist beschädigt und kann nicht ersetzt werden (sie lässt sich nicht entfernen). Eine Kopie wurde unter %2 aufbewahrt.</translation>
    </message>
    <message>
        <source>The history database %1 was damaged and a new one cannot be created: %2. A copy of the damaged file was kept at %3.</source>
        <translation>Die Verlaufsdatenbank %1 war beschädigt, und es kann keine neue erstellt werden: %2. Eine Kopie der beschädigten Datei wurde unter %3 aufbewahrt.</translation>
    </message>
    <message>
        <source>The history database was damaged beyond repair, so a new, empty history was started. The damaged file was kept at %1.</source>
        <translation>Die Verlaufsdatenbank war nicht mehr zu reparieren, daher wurde ein neuer, leerer Verlauf begonnen. Die beschädigte Datei wurde unter %1 aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>EnvSecretStore</name>
    <message>
        <source>the environment variables GEMINI_API_KEY and GOOGLE_API_KEY</source>
        <translation>die Umgebungsvariablen GEMINI_API_KEY und GOOGLE_API_KEY</translation>
    </message>
    <message>
        <source>the environment variable %1</source>
        <translation>die Umgebungsvariable %1</translation>
    </message>
</context>
<context>
    <name>FileHasher</name>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>a file only you can read (%1)</source>
        <translation>eine Datei, die nur Sie lesen können (%1)</translation>
    </message>
</context>
<context>
    <name>GeminiClient</name>
    <message>
        <source>“%1” does not name a file of the Files API. A file is named like files/abc123 (or abc123, or its URI).</source>
        <translation>„%1“ bezeichnet keine Datei der Files API. Eine Datei heißt etwa files/abc123 (oder abc123 oder wie ihre URI).</translation>
    </message>
</context>
<context>
    <name>GenerationConfig</name>
    <message>
        <source>At most %1 stop sequences are allowed.</source>
        <translation>Es sind höchstens %1 Stoppsequenzen erlaubt.</translation>
    </message>
    <message>
        <source>A stop sequence cannot be empty.</source>
        <translation>Eine Stoppsequenz darf nicht leer sein.</translation>
    </message>
    <message>
        <source>The number of candidates must be between 1 and 8.</source>
        <translation>Die Anzahl der Kandidaten muss zwischen 1 und 8 liegen.</translation>
    </message>
    <message>
        <source>The maximum output tokens must be at least 1.</source>
        <translation>Die maximalen Ausgabe-Tokens müssen mindestens 1 betragen.</translation>
    </message>
    <message>
        <source>The temperature must be between 0 and 2.</source>
        <translation>Die Temperatur muss zwischen 0 und 2 liegen.</translation>
    </message>
    <message>
        <source>Top-p must be between 0 and 1.</source>
        <translation>Top-p muss zwischen 0 und 1 liegen.</translation>
    </message>
    <message>
        <source>Top-k must be at least 1.</source>
        <translation>Top-k muss mindestens 1 betragen.</translation>
    </message>
    <message>
        <source>The presence penalty must be between -2 and 2.</source>
        <translation>Die Präsenzstrafe muss zwischen -2 und 2 liegen.</translation>
    </message>
    <message>
        <source>The frequency penalty must be between -2 and 2.</source>
        <translation>Die Frequenzstrafe muss zwischen -2 und 2 liegen.</translation>
    </message>
    <message>
        <source>Log probabilities must be between 0 and 20.</source>
        <translation>Die Log-Wahrscheinlichkeiten müssen zwischen 0 und 20 liegen.</translation>
    </message>
    <message>
        <source>Give either a response schema or a JSON schema, not both.</source>
        <translation>Geben Sie entweder ein Antwortschema oder ein JSON-Schema an, nicht beides.</translation>
    </message>
    <message>
        <source>A response schema needs the response type application/json or text/x.enum.</source>
        <translation>Ein Antwortschema erfordert den Antworttyp application/json oder text/x.enum.</translation>
    </message>
    <message>
        <source>The thinking budget must be -1 (dynamic), 0 (off) or a positive number.</source>
        <translation>Das Denkbudget muss -1 (dynamisch), 0 (aus) oder eine positive Zahl sein.</translation>
    </message>
</context>
<context>
    <name>GenerationPanel</name>
    <message>
        <source>No schema: the answer is any JSON.</source>
        <translation>Kein Schema: Die Antwort ist beliebiges JSON.</translation>
    </message>
    <message>
        <source>✓ Valid OpenAPI schema (sent as responseSchema).</source>
        <translation>✓ Gültiges OpenAPI-Schema (gesendet als responseSchema).</translation>
    </message>
    <message>
        <source>✓ Valid JSON Schema (sent as responseJsonSchema).</source>
        <translation>✓ Gültiges JSON-Schema (gesendet als responseJsonSchema).</translation>
    </message>
    <message>
        <source>An enum answer needs at least one value.</source>
        <translation>Eine Enum-Antwort braucht mindestens einen Wert.</translation>
    </message>
    <message>
        <source>“%1” is listed twice.</source>
        <translation>„%1“ ist doppelt aufgeführt.</translation>
    </message>
    <message numerus="yes">
        <source>The answer is one of these %n value(s).</source>
        <translation>
            <numerusform>Die Antwort ist genau dieser eine Wert.</numerusform>
            <numerusform>Die Antwort ist genau einer dieser %n Werte.</numerusform>
        </translation>
    </message>
    <message>
        <source>The longest answer, in tokens (thoughts count too); up to %L1 for this model.</source>
        <translation>Die längste Antwort in Tokens (Gedanken zählen mit); bis zu %L1 für dieses Modell.</translation>
    </message>
    <message>
        <source>The longest answer, in tokens (thoughts count too).</source>
        <translation>Die längste Antwort in Tokens (Gedanken zählen mit).</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>&amp;Temperature</source>
        <translation>&amp;Temperatur</translation>
    </message>
    <message>
        <source>How random the answer is: lower is focused and repeatable, higher is more varied.</source>
        <translation>Wie zufällig die Antwort ist: niedriger ist fokussierter und wiederholbar, höher ist abwechslungsreicher.</translation>
    </message>
    <message>
        <source>Top &amp;P</source>
        <translation>Top &amp;P</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities add up to this.</source>
        <translation>Nur aus den wahrscheinlichsten Tokens wählen, deren Wahrscheinlichkeiten zusammen diesen Wert ergeben.</translation>
    </message>
    <message>
        <source>Top &amp;K</source>
        <translation>Top &amp;K</translation>
    </message>
    <message>
        <source>Sample only from this many of the most likely tokens.</source>
        <translation>Nur aus so vielen der wahrscheinlichsten Tokens wählen.</translation>
    </message>
    <message>
        <source>Max &amp;output tokens</source>
        <translation>&amp;Max. Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>&amp;Candidates</source>
        <translation>Ka&amp;ndidaten</translation>
    </message>
    <message>
        <source>How many alternative answers to write; each costs output tokens.</source>
        <translation>Wie viele alternative Antworten geschrieben werden; jede kostet Ausgabe-Tokens.</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>&amp;Seed</translation>
    </message>
    <message>
        <source>Makes sampling repeatable: the same seed and settings tend to give the same answer.</source>
        <translation>Macht das Sampling wiederholbar: Gleicher Seed und gleiche Einstellungen ergeben meist dieselbe Antwort.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty</source>
        <translation>Präsen&amp;zstrafe</translation>
    </message>
    <message>
        <source>Above 0, discourages any token already used, nudging towards new topics.</source>
        <translation>Über 0 werden bereits verwendete Tokens benachteiligt, was zu neuen Themen lenkt.</translation>
    </message>
    <message>
        <source>&amp;Frequency penalty</source>
        <translation>&amp;Frequenzstrafe</translation>
    </message>
    <message>
        <source>Above 0, discourages tokens the more often they were already used.</source>
        <translation>Über 0 werden Tokens umso stärker benachteiligt, je öfter sie bereits verwendet wurden.</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Stoppsequenzen</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Text (default)</source>
        <translation>Text (Standard)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Enum</source>
        <translation>Enum</translation>
    </message>
    <message>
        <source>Free text, JSON (optionally following a schema), or exactly one of a list of values.</source>
        <translation>Freier Text, JSON (optional nach einem Schema) oder genau ein Wert aus einer Liste.</translation>
    </message>
    <message>
        <source>&amp;Answer as</source>
        <translation>&amp;Antworten als</translation>
    </message>
    <message>
        <source>&amp;Schema (optional)</source>
        <translation>Sc&amp;hema (optional)</translation>
    </message>
    <message>
        <source>The shape the JSON answer must have: an OpenAPI schema (upper-case types such as STRING) or a JSON Schema (lower-case types); empty for any JSON.</source>
        <translation>Die Form, die die JSON-Antwort haben muss: ein OpenAPI-Schema (Typen in Großbuchstaben wie STRING) oder ein JSON-Schema (Typen in Kleinbuchstaben); leer für beliebiges JSON.</translation>
    </message>
    <message>
        <source>&amp;Values, one per line</source>
        <translation>&amp;Werte, einer pro Zeile</translation>
    </message>
    <message>
        <source>positive
neutral
negative</source>
        <translation>positiv
neutral
negativ</translation>
    </message>
    <message>
        <source>The answer is exactly one of these values.</source>
        <translation>Die Antwort ist genau einer dieser Werte.</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Denken</translation>
    </message>
    <message>
        <source>&amp;Budget</source>
        <translation>&amp;Budget</translation>
    </message>
    <message>
        <source>Tokens the model may spend thinking: Off (0), Dynamic (-1, the model decides) or a number up to %L1. Clear the field for the model&apos;s default.</source>
        <translation>Tokens, die das Modell zum Denken verwenden darf: Aus (0), Dynamisch (-1, das Modell entscheidet) oder eine Zahl bis %L1. Leeren Sie das Feld für die Vorgabe des Modells.</translation>
    </message>
    <message>
        <source>Dynamic</source>
        <translation>Dynamisch</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Show &amp;thoughts</source>
        <translation>&amp;Gedanken anzeigen</translation>
    </message>
    <message>
        <source>Ask for summaries of the model&apos;s thoughts. Unchecked sends nothing, so the server&apos;s default (no thoughts) applies.</source>
        <translation>Zusammenfassungen der Gedanken des Modells anfordern. Ohne Haken wird nichts gesendet, und es gilt die Vorgabe des Servers (keine Gedanken).</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Grounding with Google Search</source>
        <translation>F&amp;undierung mit der Google Suche</translation>
    </message>
    <message>
        <source>Lets the model search the web and cite its sources.</source>
        <translation>Erlaubt dem Modell, im Web zu suchen und seine Quellen anzugeben.</translation>
    </message>
    <message>
        <source>Code e&amp;xecution</source>
        <translation>&amp;Codeausführung</translation>
    </message>
    <message>
        <source>Lets the model write and run Python code to compute its answer.</source>
        <translation>Erlaubt dem Modell, Python-Code zu schreiben und auszuführen, um seine Antwort zu berechnen.</translation>
    </message>
    <message>
        <source>The response schema cannot be sent: %1</source>
        <translation>Das Antwortschema kann nicht gesendet werden: %1</translation>
    </message>
</context>
<context>
    <name>GetCodeDialog</name>
    <message numerus="yes">
        <source>…[%n characters not shown; Copy copies them]…</source>
        <translation>
            <numerusform>…[%n Zeichen nicht angezeigt; „Kopieren“ kopiert es mit]…</numerusform>
            <numerusform>…[%n Zeichen nicht angezeigt; „Kopieren“ kopiert sie mit]…</numerusform>
        </translation>
    </message>
    <message>
        <source>Get Code</source>
        <translation>Code abrufen</translation>
    </message>
    <message>
        <source>A shell command: curl with the request JSON in a here-document.</source>
        <translation>Ein Shell-Befehl: curl mit dem Anfrage-JSON in einem Here-Dokument.</translation>
    </message>
    <message>
        <source>Python with the google-genai package (pip install google-genai).</source>
        <translation>Python mit dem Paket google-genai (pip install google-genai).</translation>
    </message>
    <message>
        <source>An ES module for Node.js with the @google/genai package (npm install @google/genai).</source>
        <translation>Ein ES-Modul für Node.js mit dem Paket @google/genai (npm install @google/genai).</translation>
    </message>
    <message>
        <source>The key is read from the GEMINI_API_KEY environment variable; it is never shown here.</source>
        <translation>Der Schlüssel wird aus der Umgebungsvariablen GEMINI_API_KEY gelesen; er wird hier nie angezeigt.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the code of the current tab to the clipboard.</source>
        <translation>Den Code des aktuellen Reiters in die Zwischenablage kopieren.</translation>
    </message>
    <message>
        <source>This request embeds %1 MB of attachments.</source>
        <translation>Diese Anfrage bettet %1 MB an Anhängen ein.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>HistoryRecorder</name>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
</context>
<context>
    <name>HistoryRefresher</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>The earlier attachments cannot be sent again: the attachment preparation ended.</source>
        <translation>Die früheren Anhänge können nicht erneut gesendet werden: Die Vorbereitung der Anhänge wurde beendet.</translation>
    </message>
    <message>
        <source>[An attachment, %1, was here; it is no longer available.]</source>
        <translation>[Hier war ein Anhang, %1; er ist nicht mehr verfügbar.]</translation>
    </message>
    <message>
        <source>%1 is gone from the server and from this computer: this turn cannot be sent again.</source>
        <translation>Weder auf dem Server noch auf diesem Computer mehr vorhanden: %1. Diese Nachricht kann nicht erneut gesendet werden.</translation>
    </message>
    <message>
        <source>%1 are gone from the server and from this computer: this turn cannot be sent again.</source>
        <translation>Weder auf dem Server noch auf diesem Computer mehr vorhanden: %1. Diese Nachricht kann nicht erneut gesendet werden.</translation>
    </message>
    <message>
        <source>The earlier attachments cannot be sent again: attachments cannot be prepared here.</source>
        <translation>Die früheren Anhänge können nicht erneut gesendet werden: Anhänge können hier nicht vorbereitet werden.</translation>
    </message>
    <message>
        <source>The earlier attachments cannot be sent again now: other attachments are being prepared.</source>
        <translation>Die früheren Anhänge können jetzt nicht erneut gesendet werden: Andere Anhänge werden gerade vorbereitet.</translation>
    </message>
    <message>
        <source>it was deleted from the server</source>
        <translation>auf dem Server gelöscht</translation>
    </message>
    <message>
        <source>it expired on the server</source>
        <translation>auf dem Server abgelaufen</translation>
    </message>
    <message>
        <source>Uploading %1 again (%2)…</source>
        <translation>Wird erneut hochgeladen: %1 (%2) …</translation>
    </message>
    <message>
        <source>Sending %1 again (%2)…</source>
        <translation>Wird erneut gesendet: %1 (%2) …</translation>
    </message>
    <message>
        <source>the pasted data</source>
        <translation>die eingefügten Daten</translation>
    </message>
    <message>
        <source>%1 was sent again: the copy on the server had expired.</source>
        <translation>Erneut gesendet: %1 (die Kopie auf dem Server war abgelaufen).</translation>
    </message>
    <message>
        <source>%1 were sent again: the copies on the server had expired.</source>
        <translation>Erneut gesendet: %1 (die Kopien auf dem Server waren abgelaufen).</translation>
    </message>
    <message>
        <source>%1 was sent again: the copy on the server had been deleted.</source>
        <translation>Erneut gesendet: %1 (die Kopie auf dem Server war gelöscht worden).</translation>
    </message>
    <message>
        <source>%1 were sent again: the copies on the server had been deleted.</source>
        <translation>Erneut gesendet: %1 (die Kopien auf dem Server waren gelöscht worden).</translation>
    </message>
    <message>
        <source>%1 is no longer sent: it is gone from the server and from this computer.</source>
        <translation>Nicht mehr gesendet: %1 (weder auf dem Server noch auf diesem Computer mehr vorhanden).</translation>
    </message>
    <message>
        <source>%1 are no longer sent: they are gone from the server and from this computer.</source>
        <translation>Nicht mehr gesendet: %1 (weder auf dem Server noch auf diesem Computer mehr vorhanden).</translation>
    </message>
</context>
<context>
    <name>HistorySidebar</name>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>Titel der Unterhaltung</translation>
    </message>
    <message>
        <source>Matched in the title</source>
        <translation>Treffer im Titel</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Eine neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+F)</source>
        <translation>Unterhaltungen durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Bring the conversation back (Ctrl+Z)</source>
        <translation>Die Unterhaltung wiederherstellen (Strg+Z)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Anheften</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Just now</source>
        <translation>Gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Std.</numerusform>
            <numerusform>vor %n Std.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>No conversation matches “%1”.</source>
        <translation>Keine Unterhaltung passt zu „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>Export %n Conversations…</source>
        <translation>
            <numerusform>%n Unterhaltung exportieren …</numerusform>
            <numerusform>%n Unterhaltungen exportieren …</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyCheck</name>
    <message>
        <source>Paste a key first.</source>
        <translation>Fügen Sie zuerst einen Schlüssel ein.</translation>
    </message>
    <message>
        <source>This does not look like an API key: it contains spaces or characters a key never has. Copy the key alone from Google AI Studio.</source>
        <translation>Das sieht nicht nach einem API-Schlüssel aus: Er enthält Leerzeichen oder Zeichen, die in einem Schlüssel nie vorkommen. Kopieren Sie nur den Schlüssel aus Google AI Studio.</translation>
    </message>
    <message numerus="yes">
        <source>The key works: %n models are available.</source>
        <translation>
            <numerusform>Der Schlüssel funktioniert: %n Modell ist verfügbar.</numerusform>
            <numerusform>Der Schlüssel funktioniert: %n Modelle sind verfügbar.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check your connection or the proxy and endpoint in Settings.</source>
        <translation>Prüfen Sie Ihre Verbindung oder den Proxy und den Endpunkt in den Einstellungen.</translation>
    </message>
    <message>
        <source>The proxy asked for a user name and password, or did not accept them. Check the proxy credentials in Settings.</source>
        <translation>Der Proxy hat einen Benutzernamen und ein Passwort verlangt oder sie nicht akzeptiert. Prüfen Sie die Proxy-Zugangsdaten in den Einstellungen.</translation>
    </message>
    <message>
        <source>%1 did not receive the key. If a proxy or gateway is in between, it must pass the x-goog-api-key header on.</source>
        <translation>%1 hat den Schlüssel nicht erhalten. Wenn ein Proxy oder Gateway dazwischen liegt, muss er den Header x-goog-api-key weiterleiten.</translation>
    </message>
    <message>
        <source>Google does not accept this key. Check that you copied all of it.</source>
        <translation>Google akzeptiert diesen Schlüssel nicht. Prüfen Sie, ob Sie ihn vollständig kopiert haben.</translation>
    </message>
    <message>
        <source>This key may not use the Gemini API. Enable the Generative Language API for the key&apos;s project, or create a key in Google AI Studio (https://aistudio.google.com/apikey).</source>
        <translation>Dieser Schlüssel darf die Gemini-API nicht verwenden. Aktivieren Sie die Generative Language API für das Projekt des Schlüssels oder erstellen Sie einen Schlüssel in Google AI Studio (https://aistudio.google.com/apikey).</translation>
    </message>
    <message>
        <source> The server said: “%1”</source>
        <translation> Der Server meldete: „%1“</translation>
    </message>
    <message>
        <source>The key is valid but has run out of quota or hit a rate limit. Wait a little, or check the plan and billing of its project.</source>
        <translation>Der Schlüssel ist gültig, aber sein Kontingent ist aufgebraucht oder ein Ratenlimit wurde erreicht. Warten Sie einen Moment oder prüfen Sie Tarif und Abrechnung seines Projekts.</translation>
    </message>
    <message>
        <source>Could not reach %1: it did not answer in time. %2</source>
        <translation>%1 ist nicht erreichbar: Es kam keine Antwort in der vorgesehenen Zeit. %2</translation>
    </message>
    <message>
        <source>Could not reach %1 securely: %2. The connection may be intercepted; check the proxy and endpoint in Settings.</source>
        <translation>%1 ist nicht sicher erreichbar: %2. Die Verbindung wird möglicherweise abgefangen; prüfen Sie den Proxy und den Endpunkt in den Einstellungen.</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>keine Verbindung</translation>
    </message>
    <message>
        <source>Could not reach %1: %2. %3</source>
        <translation>%1 ist nicht erreichbar: %2. %3</translation>
    </message>
    <message>
        <source>Could not reach %1: the proxy or gateway in between reported HTTP %2. %3</source>
        <translation>%1 ist nicht erreichbar: Der Proxy oder das Gateway dazwischen meldete HTTP %2. %3</translation>
    </message>
    <message>
        <source>The server at %1 had a problem (HTTP %2), so the key could not be checked. Try again in a moment.</source>
        <translation>Beim Server unter %1 ist ein Problem aufgetreten (HTTP %2), daher konnte der Schlüssel nicht geprüft werden. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>%1 does not offer the Gemini API at this address (HTTP 404). Check the endpoint and API version in Settings.</source>
        <translation>%1 bietet unter dieser Adresse keine Gemini-API an (HTTP 404). Prüfen Sie den Endpunkt und die API-Version in den Einstellungen.</translation>
    </message>
    <message>
        <source>%1 answered, but not like the Gemini API. Check the endpoint in Settings.</source>
        <translation>%1 hat geantwortet, aber nicht wie die Gemini-API. Prüfen Sie den Endpunkt in den Einstellungen.</translation>
    </message>
    <message>
        <source>The check was stopped.</source>
        <translation>Die Prüfung wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>the system keychain</source>
        <translation>der Schlüsselbund des Systems</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Files Gemini can read (%1)</source>
        <translation>Dateien, die Gemini lesen kann (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new chat (%1)</source>
        <translation>Einen neuen Chat beginnen (%1)</translation>
    </message>
    <message>
        <source>&amp;Attach Files…</source>
        <translation>Dateien &amp;anhängen …</translation>
    </message>
    <message>
        <source>Attach images, audio, PDFs or text files (%1). You can also drop or paste them.</source>
        <translation>Bilder, Audio, PDFs oder Textdateien anhängen (%1). Sie können sie auch hineinziehen oder einfügen.</translation>
    </message>
    <message>
        <source>&amp;Stop Answer</source>
        <translation>Antwort an&amp;halten</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Configure Alhena…</source>
        <translation>Alhena &amp;einrichten …</translation>
    </message>
    <message>
        <source>API key, connection, attachments, appearance (%1)</source>
        <translation>API-Schlüssel, Verbindung, Anhänge, Erscheinungsbild (%1)</translation>
    </message>
    <message>
        <source>&amp;About Alhena</source>
        <translation>&amp;Über Alhena</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;System Instructions</source>
        <translation>&amp;Systemanweisungen</translation>
    </message>
    <message>
        <source>Write the system instructions of this conversation</source>
        <translation>Die Systemanweisungen dieser Unterhaltung schreiben</translation>
    </message>
    <message>
        <source>&amp;Get Code…</source>
        <translation>&amp;Code abrufen …</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop editing and keep the conversation as it is (Esc)</source>
        <translation>Das Bearbeiten beenden und die Unterhaltung so lassen, wie sie ist (Esc)</translation>
    </message>
    <message>
        <source>No API key: open Settings to add one. Nothing can be sent until then.</source>
        <translation>Kein API-Schlüssel: Fügen Sie in den Einstellungen einen hinzu. Bis dahin kann nichts gesendet werden.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <source>Add, test and save an API key</source>
        <translation>Einen API-Schlüssel hinzufügen, testen und speichern</translation>
    </message>
    <message>
        <source>Ask Gemini…</source>
        <translation>Gemini fragen …</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Hide this note</source>
        <translation>Diesen Hinweis ausblenden</translation>
    </message>
    <message>
        <source>Run Settings</source>
        <translation>Ausführungseinstellungen</translation>
    </message>
    <message>
        <source>Show or hide the run settings: model, instructions, generation, safety (F9)</source>
        <translation>Die Ausführungseinstellungen ein- oder ausblenden: Modell, Anweisungen, Generierung, Sicherheit (F9)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Show the system instruction in the run settings</source>
        <translation>Die Systemanweisung in den Ausführungseinstellungen anzeigen</translation>
    </message>
    <message>
        <source>System instructions: %1</source>
        <translation>Systemanweisungen: %1</translation>
    </message>
    <message>
        <source>System instructions: %1 (preset)</source>
        <translation>Systemanweisungen: %1 (Vorlage)</translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation>Code kopiert</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Hallo</translation>
    </message>
    <message>
        <source>Attach Files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Wait until the attachments of this message are uploaded.</source>
        <translation>Warten Sie, bis die Anhänge dieser Nachricht hochgeladen sind.</translation>
    </message>
    <message>
        <source>Nothing in what was dropped or pasted can be attached.</source>
        <translation>Nichts von dem Hineingezogenen oder Eingefügten kann angehängt werden.</translation>
    </message>
    <message>
        <source>Remove the attachments that cannot be sent: %1</source>
        <translation>Entfernen Sie die Anhänge, die nicht gesendet werden können: %1</translation>
    </message>
    <message>
        <source>A run setting cannot be sent: %1</source>
        <translation>Eine Ausführungseinstellung kann nicht gesendet werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Editing an earlier message. Sending it replaces the %n message(s) after it.</source>
        <translation>
            <numerusform>Sie bearbeiten eine frühere Nachricht. Beim Senden wird die nachfolgende Nachricht ersetzt.</numerusform>
            <numerusform>Sie bearbeiten eine frühere Nachricht. Beim Senden werden die %n nachfolgenden Nachrichten ersetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Editing your last message.</source>
        <translation>Sie bearbeiten Ihre letzte Nachricht.</translation>
    </message>
    <message>
        <source>Stop the uploads (Esc). Your message and its files stay here.</source>
        <translation>Das Hochladen abbrechen (Esc). Ihre Nachricht und ihre Dateien bleiben hier.</translation>
    </message>
    <message>
        <source>Stop the answer (Esc). What has arrived is kept.</source>
        <translation>Die Antwort anhalten (Esc). Was bereits angekommen ist, bleibt erhalten.</translation>
    </message>
    <message>
        <source>Reading the API key from the keychain…</source>
        <translation>Der API-Schlüssel wird aus dem Schlüsselbund gelesen …</translation>
    </message>
    <message>
        <source>No API key is set: add one in Settings.</source>
        <translation>Es ist kein API-Schlüssel festgelegt: Fügen Sie in den Einstellungen einen hinzu.</translation>
    </message>
    <message>
        <source>No API key is set: set GEMINI_API_KEY or GOOGLE_API_KEY and restart Alhena.</source>
        <translation>Es ist kein API-Schlüssel festgelegt: Setzen Sie GEMINI_API_KEY oder GOOGLE_API_KEY und starten Sie Alhena neu.</translation>
    </message>
    <message>
        <source>Send (%1). %2</source>
        <translation>Senden (%1). %2</translation>
    </message>
    <message>
        <source>No API key set</source>
        <translation>Kein API-Schlüssel festgelegt</translation>
    </message>
    <message>
        <source>The endpoint cannot be used</source>
        <translation>Der Endpunkt kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Preparing the attachments…</source>
        <translation>Die Anhänge werden vorbereitet …</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Wird gestreamt …</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Denkt nach …</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Warten auf %1 …</translation>
    </message>
    <message>
        <source>Retrying in %1 s (attempt %2 of %3)…</source>
        <translation>Neuer Versuch in %1 s (Versuch %2 von %3) …</translation>
    </message>
    <message>
        <source>Retrying (attempt %1 of %2)…</source>
        <translation>Neuer Versuch (Versuch %1 von %2) …</translation>
    </message>
    <message>
        <source>Done · tokens: %1 prompt, %2 answer, %3 thoughts</source>
        <translation>Fertig · Tokens: %1 Prompt, %2 Antwort, %3 Gedanken</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Stopped · the partial answer is kept</source>
        <translation>Angehalten · die bisherige Antwort bleibt erhalten</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>The proxy setting cannot be used (%1); requests go without a proxy.</source>
        <translation>Die Proxy-Einstellung kann nicht verwendet werden (%1); Anfragen werden ohne Proxy gesendet.</translation>
    </message>
    <message>
        <source>About Alhena</source>
        <translation>Über Alhena</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Alhena %1&lt;/h3&gt;&lt;p&gt;A native desktop client for the Gemini API.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Alhena %1&lt;/h3&gt;&lt;p&gt;Ein nativer Desktop-Client für die Gemini-API.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>die Befehlszeile</translation>
    </message>
    <message>
        <source>the proxy settings are incomplete</source>
        <translation>die Proxy-Einstellungen sind unvollständig</translation>
    </message>
    <message>
        <source>No API key is set.</source>
        <translation>Es ist kein API-Schlüssel festgelegt.</translation>
    </message>
    <message>
        <source>Ask Gemini anything</source>
        <translation>Fragen Sie Gemini, was Sie möchten</translation>
    </message>
    <message>
        <source>&lt;p&gt;Reading the API key from the keychain…&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der API-Schlüssel wird aus dem Schlüsselbund gelesen …&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Correct &lt;b&gt;--api-base&lt;/b&gt; and restart Alhena.</source>
        <translation>Korrigieren Sie &lt;b&gt;--api-base&lt;/b&gt; und starten Sie Alhena neu.</translation>
    </message>
    <message>
        <source>Correct &lt;b&gt;GOOGLE_GEMINI_BASE_URL&lt;/b&gt; and restart Alhena.</source>
        <translation>Korrigieren Sie &lt;b&gt;GOOGLE_GEMINI_BASE_URL&lt;/b&gt; und starten Sie Alhena neu.</translation>
    </message>
    <message>
        <source>Correct the base URL in &lt;b&gt;Settings&lt;/b&gt; (Connection).</source>
        <translation>Korrigieren Sie die Basis-URL in den &lt;b&gt;Einstellungen&lt;/b&gt; (Verbindung).</translation>
    </message>
    <message>
        <source>&lt;p&gt;Alhena talks to Gemini with your own API key. Get one at &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;, then set it in &lt;b&gt;GEMINI_API_KEY&lt;/b&gt; or &lt;b&gt;GOOGLE_API_KEY&lt;/b&gt; and restart Alhena.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Alhena spricht mit Ihrem eigenen API-Schlüssel mit Gemini. Sie erhalten einen unter &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;; setzen Sie ihn dann in &lt;b&gt;GEMINI_API_KEY&lt;/b&gt; oder &lt;b&gt;GOOGLE_API_KEY&lt;/b&gt; und starten Sie Alhena neu.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Umschalt+Eingabe</translation>
    </message>
    <message>
        <source>&lt;p&gt;Type below and press &lt;b&gt;%1&lt;/b&gt; to send. &lt;b&gt;%2&lt;/b&gt; starts a new line, &lt;b&gt;Esc&lt;/b&gt; stops an answer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Schreiben Sie unten und drücken Sie &lt;b&gt;%1&lt;/b&gt; zum Senden. &lt;b&gt;%2&lt;/b&gt; beginnt eine neue Zeile, &lt;b&gt;Esc&lt;/b&gt; hält eine Antwort an.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The endpoint cannot be used: %1 You can still save a key; correct the endpoint to use it.</source>
        <translation>Der Endpunkt kann nicht verwendet werden: %1 Sie können trotzdem einen Schlüssel speichern; korrigieren Sie den Endpunkt, um ihn zu verwenden.</translation>
    </message>
    <message>
        <source>Requests go to %1, not to Google&apos;s Gemini API: paste the key that endpoint expects.</source>
        <translation>Anfragen gehen an %1, nicht an die Gemini-API von Google: Fügen Sie den Schlüssel ein, den dieser Endpunkt erwartet.</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>Endpunkt: %1</translation>
    </message>
    <message>
        <source>It was set with --api-base.</source>
        <translation>Er wurde mit --api-base festgelegt.</translation>
    </message>
    <message>
        <source>It was set in GOOGLE_GEMINI_BASE_URL.</source>
        <translation>Er wurde in GOOGLE_GEMINI_BASE_URL festgelegt.</translation>
    </message>
    <message>
        <source>It was set in the settings.</source>
        <translation>Er wurde in den Einstellungen festgelegt.</translation>
    </message>
    <message>
        <source>Requests go to %1, not to Google&apos;s Gemini API. %2</source>
        <translation>Anfragen gehen an %1, nicht an die Gemini-API von Google. %2</translation>
    </message>
    <message>
        <source>The proxy password could not be saved in the system keychain (%1). It is used until Alhena quits.</source>
        <translation>Das Proxy-Passwort konnte nicht im Schlüsselbund des Systems gespeichert werden (%1). Es wird verwendet, bis Alhena beendet wird.</translation>
    </message>
    <message>
        <source>&amp;Export Conversation…</source>
        <translation>Unterhaltung &amp;exportieren …</translation>
    </message>
    <message>
        <source>Save this conversation as Markdown or as JSON the Gemini API takes</source>
        <translation>Diese Unterhaltung als Markdown oder als JSON im Format der Gemini-API speichern</translation>
    </message>
    <message>
        <source>Export &amp;All Conversations…</source>
        <translation>Alle Unterhaltungen e&amp;xportieren …</translation>
    </message>
    <message>
        <source>&amp;Import Conversations…</source>
        <translation>Unterhaltungen &amp;importieren …</translation>
    </message>
    <message>
        <source>Add the conversations of a JSON export to the history</source>
        <translation>Die Unterhaltungen eines JSON-Exports zum Verlauf hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Search Conversations</source>
        <translation>Unterhaltungen &amp;durchsuchen</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Show or hide the conversations (Ctrl+Shift+H)</source>
        <translation>Die Unterhaltungen ein- oder ausblenden (Strg+Umschalt+H)</translation>
    </message>
    <message>
        <source>The conversation could not be saved: %1</source>
        <translation>Die Unterhaltung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The conversation could not be opened: %1</source>
        <translation>Die Unterhaltung konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>There is no history to export.</source>
        <translation>Es gibt keinen Verlauf zum Exportieren.</translation>
    </message>
    <message>
        <source>A conversation could not be read: %1</source>
        <translation>Eine Unterhaltung konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>There is no conversation to export.</source>
        <translation>Es gibt keine Unterhaltung zum Exportieren.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n conversation(s) to %1</source>
        <translation>
            <numerusform>%n Unterhaltung nach %1 exportiert</numerusform>
            <numerusform>%n Unterhaltungen nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>Der Ordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>“%1” could not be exported: %2</source>
        <translation>„%1“ konnte nicht exportiert werden: %2</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>There is no history to import into.</source>
        <translation>Es gibt keinen Verlauf, in den importiert werden kann.</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 wurde nicht importiert: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s)</source>
        <translation>
            <numerusform>%n Unterhaltung importiert</numerusform>
            <numerusform>%n Unterhaltungen importiert</numerusform>
        </translation>
    </message>
    <message>
        <source>JSON, as the Gemini API takes it (*.json)</source>
        <translation>JSON im Format der Gemini-API (*.json)</translation>
    </message>
    <message>
        <source>Markdown, with the attachments beside it (*.md)</source>
        <translation>Markdown, mit den Anhängen daneben (*.md)</translation>
    </message>
    <message>
        <source>conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Export Conversations</source>
        <translation>Unterhaltungen exportieren</translation>
    </message>
    <message>
        <source>Import Conversations</source>
        <translation>Unterhaltungen importieren</translation>
    </message>
    <message>
        <source>Alhena or Gemini JSON (*.json);;All files (*)</source>
        <translation>Alhena- oder Gemini-JSON (*.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>MediaAudioPlayer</name>
    <message>
        <source>No audio output device is available.</source>
        <translation>Es ist kein Audioausgabegerät verfügbar.</translation>
    </message>
    <message>
        <source>The audio cannot be played.</source>
        <translation>Das Audio kann nicht abgespielt werden.</translation>
    </message>
</context>
<context>
    <name>MediaTypes</name>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>plain text</source>
        <translation>reiner Text</translation>
    </message>
    <message>
        <source>, and other text files such as source code, JSON or YAML (sent as plain text)</source>
        <translation> und andere Textdateien wie Quellcode, JSON oder YAML (als reiner Text gesendet)</translation>
    </message>
</context>
<context>
    <name>MemorySecretStore</name>
    <message>
        <source>memory, for this session only</source>
        <translation>Arbeitsspeicher, nur für diese Sitzung</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>%L1 prompt</source>
        <translation>%L1 Prompt</translation>
    </message>
    <message>
        <source>%L1 answer</source>
        <translation>%L1 Antwort</translation>
    </message>
    <message>
        <source>%L1 thought</source>
        <translation>%L1 Gedanken</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>Prompt: %1 tokens</source>
        <translation>Prompt: %1 Tokens</translation>
    </message>
    <message>
        <source>Answer: %1 tokens</source>
        <translation>Antwort: %1 Tokens</translation>
    </message>
    <message>
        <source>Thoughts: %1 tokens</source>
        <translation>Gedanken: %1 Tokens</translation>
    </message>
    <message>
        <source>Model version: %1</source>
        <translation>Modellversion: %1</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>das Modell</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Warten auf %1 …</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu generieren</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Thoughts</source>
        <translation>Gedanken</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Code block</source>
        <translation>Codeblock</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>Die Nachricht kopieren</translation>
    </message>
    <message>
        <source>Edit this message and send it again</source>
        <translation>Diese Nachricht bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Ask for another answer</source>
        <translation>Um eine andere Antwort bitten</translation>
    </message>
    <message>
        <source>Send the request again</source>
        <translation>Die Anfrage erneut senden</translation>
    </message>
    <message>
        <source>Ask the model to go on where it stopped</source>
        <translation>Das Modell bitten, dort weiterzumachen, wo es aufgehört hat</translation>
    </message>
    <message>
        <source>Previous candidate</source>
        <translation>Vorheriger Kandidat</translation>
    </message>
    <message>
        <source>Next candidate</source>
        <translation>Nächster Kandidat</translation>
    </message>
    <message>
        <source>Show or hide the model&apos;s thought summaries</source>
        <translation>Die Gedankenzusammenfassungen des Modells ein- oder ausblenden</translation>
    </message>
    <message>
        <source>The previous version of this message</source>
        <translation>Die vorherige Version dieser Nachricht</translation>
    </message>
    <message>
        <source>The previous answer to this message</source>
        <translation>Die vorherige Antwort auf diese Nachricht</translation>
    </message>
    <message>
        <source>The next version of this message</source>
        <translation>Die nächste Version dieser Nachricht</translation>
    </message>
    <message>
        <source>The next answer to this message</source>
        <translation>Die nächste Antwort auf diese Nachricht</translation>
    </message>
</context>
<context>
    <name>MessageDocument</name>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Function call</source>
        <translation>Funktionsaufruf</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1: %2, %3</translation>
    </message>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>file: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Searched for: %1</source>
        <translation>Gesucht nach: %1</translation>
    </message>
    <message>
        <source>Citations</source>
        <translation>Zitate</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>The model that answers the next message</source>
        <translation>Das Modell, das die nächste Nachricht beantwortet</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Load the list of models again</source>
        <translation>Die Liste der Modelle neu laden</translation>
    </message>
    <message>
        <source>The list of models could not be loaded: %1</source>
        <translation>Die Liste der Modelle konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>“%1” is not offered; %2 is used instead.</source>
        <translation>„%1“ wird nicht angeboten; stattdessen wird %2 verwendet.</translation>
    </message>
    <message>
        <source>“%1” is no longer offered; %2 is used instead.</source>
        <translation>„%1“ wird nicht mehr angeboten; stattdessen wird %2 verwendet.</translation>
    </message>
    <message>
        <source>Input: %1 tokens</source>
        <translation>Eingabe: %1 Tokens</translation>
    </message>
    <message>
        <source>Output: %1 tokens</source>
        <translation>Ausgabe: %1 Tokens</translation>
    </message>
    <message>
        <source>Thinks before answering</source>
        <translation>Denkt vor dem Antworten nach</translation>
    </message>
    <message>
        <source>Does not think</source>
        <translation>Denkt nicht nach</translation>
    </message>
</context>
<context>
    <name>OnboardingPage</name>
    <message>
        <source>Welcome to Alhena</source>
        <translation>Willkommen bei Alhena</translation>
    </message>
    <message>
        <source>Alhena talks to Gemini with an API key, which lets it use Gemini on your Google account. A key is free to create in Google AI Studio; usage limits and any billing follow your account.</source>
        <translation>Alhena spricht über einen API-Schlüssel mit Gemini, mit dem es Gemini über Ihr Google-Konto nutzen kann. Ein Schlüssel lässt sich in Google AI Studio kostenlos erstellen; Nutzungsgrenzen und eventuelle Kosten richten sich nach Ihrem Konto.</translation>
    </message>
    <message>
        <source>Get a key: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;</source>
        <translation>Schlüssel erhalten: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Opens Google AI Studio&apos;s API key page in your browser</source>
        <translation>Öffnet die Seite für API-Schlüssel in Google AI Studio in Ihrem Browser</translation>
    </message>
    <message>
        <source>Alhena keeps the key in the system keychain. It is never written to a plain file unless you choose that.</source>
        <translation>Alhena bewahrt den Schlüssel im Schlüsselbund des Systems auf. Er wird nie in eine unverschlüsselte Datei geschrieben, es sei denn, Sie wählen das.</translation>
    </message>
</context>
<context>
    <name>OptionalNumberField</name>
    <message>
        <source>Use the default (do not send this setting)</source>
        <translation>Den Standardwert verwenden (diese Einstellung nicht senden)</translation>
    </message>
    <message>
        <source>Reset to default</source>
        <translation>Auf Standard zurücksetzen</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not a single text value; the default is used.</source>
        <translation>kein einzelner Textwert; der Standardwert wird verwendet.</translation>
    </message>
    <message numerus="yes">
        <source>the value is %n characters long; the default is used.</source>
        <translation>
            <numerusform>der Wert ist %n Zeichen lang; der Standardwert wird verwendet.</numerusform>
            <numerusform>der Wert ist %n Zeichen lang; der Standardwert wird verwendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is not a whole number; %2 is used.</source>
        <translation>„%1“ ist keine ganze Zahl; %2 wird verwendet.</translation>
    </message>
    <message>
        <source>%1 is outside %2 to %3; %4 is used.</source>
        <translation>%1 liegt außerhalb von %2 bis %3; %4 wird verwendet.</translation>
    </message>
    <message>
        <source>“%1” is not one of %2; “%3” is used.</source>
        <translation>„%1“ ist keiner der Werte %2; „%3“ wird verwendet.</translation>
    </message>
    <message>
        <source>%1 The default endpoint is used.</source>
        <translation>%1 Der Standard-Endpunkt wird verwendet.</translation>
    </message>
    <message>
        <source>“%1” is not an API version such as v1beta or v1; “%2” is used.</source>
        <translation>„%1“ ist keine API-Version wie v1beta oder v1; „%2“ wird verwendet.</translation>
    </message>
    <message>
        <source>a manual proxy needs a host; the system&apos;s proxy settings are used.</source>
        <translation>ein manueller Proxy braucht einen Host; die Proxy-Einstellungen des Systems werden verwendet.</translation>
    </message>
    <message>
        <source>“%1” is not a language code such as “de” or “pt_BR”; the system&apos;s language is used.</source>
        <translation>„%1“ ist kein Sprachcode wie „de“ oder „pt_BR“; die Sprache des Systems wird verwendet.</translation>
    </message>
    <message>
        <source>The endpoint URL is too long.</source>
        <translation>Die Endpunkt-URL ist zu lang.</translation>
    </message>
    <message>
        <source>The endpoint URL must not start or end with spaces.</source>
        <translation>Die Endpunkt-URL darf nicht mit Leerzeichen beginnen oder enden.</translation>
    </message>
    <message>
        <source>The API version must be letters and digits only, such as v1beta or v1.</source>
        <translation>Die API-Version darf nur aus Buchstaben und Ziffern bestehen, etwa v1beta oder v1.</translation>
    </message>
    <message>
        <source>The proxy port must be a number from 1 to 65535.</source>
        <translation>Der Proxy-Port muss eine Zahl von 1 bis 65535 sein.</translation>
    </message>
    <message>
        <source>The proxy host or user name is too long.</source>
        <translation>Der Proxy-Host oder der Benutzername ist zu lang.</translation>
    </message>
    <message>
        <source>Timeouts must be from %1 to %2 seconds.</source>
        <translation>Zeitlimits müssen zwischen %1 und %2 Sekunden liegen.</translation>
    </message>
    <message>
        <source>Retries must be from 0 to %1.</source>
        <translation>Die Anzahl der Wiederholungen muss zwischen 0 und %1 liegen.</translation>
    </message>
    <message>
        <source>The inline attachment limit must be from 1 MB to %1 MB.</source>
        <translation>Die Grenze für direkt mitgesendete Anhänge muss zwischen 1 MB und %1 MB liegen.</translation>
    </message>
    <message>
        <source>The font size must be from %1 to %2 points (or the system&apos;s).</source>
        <translation>Die Schriftgröße muss zwischen %1 und %2 Punkt liegen (oder die des Systems sein).</translation>
    </message>
    <message>
        <source>“%1” is not a language code such as “de” or “pt_BR”.</source>
        <translation>„%1“ ist kein Sprachcode wie „de“ oder „pt_BR“.</translation>
    </message>
</context>
<context>
    <name>ProxySettings</name>
    <message>
        <source>Enter the proxy&apos;s host name or address.</source>
        <translation>Geben Sie den Hostnamen oder die Adresse des Proxys ein.</translation>
    </message>
    <message>
        <source>The proxy host must not contain spaces.</source>
        <translation>Der Proxy-Host darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Enter the proxy host alone, without “http://” or another scheme.</source>
        <translation>Geben Sie nur den Proxy-Host ein, ohne „http://“ oder ein anderes Schema.</translation>
    </message>
    <message>
        <source>Enter the proxy host alone, without a path.</source>
        <translation>Geben Sie nur den Proxy-Host ein, ohne Pfad.</translation>
    </message>
    <message>
        <source>Enter the user name in its own field, not in the proxy host.</source>
        <translation>Geben Sie den Benutzernamen in sein eigenes Feld ein, nicht in den Proxy-Host.</translation>
    </message>
    <message>
        <source>Enter the proxy port in the port field, not after the host.</source>
        <translation>Geben Sie den Proxy-Port im Feld „Port“ ein, nicht nach dem Host.</translation>
    </message>
    <message>
        <source>The proxy port must be a number from 1 to 65535.</source>
        <translation>Der Proxy-Port muss eine Zahl von 1 bis 65535 sein.</translation>
    </message>
</context>
<context>
    <name>RemoteFileRegistry</name>
    <message>
        <source>1 second</source>
        <translation>1 Sekunde</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 Sekunden</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 Minuten</translation>
    </message>
    <message>
        <source>The file “%1” is no longer on the server: it was deleted, or it expired (uploaded files are kept for 48 hours). Attach it again to send it.</source>
        <translation>Die Datei „%1“ ist nicht mehr auf dem Server: Sie wurde gelöscht oder ist abgelaufen (hochgeladene Dateien werden 48 Stunden lang aufbewahrt). Hängen Sie sie erneut an, um sie zu senden.</translation>
    </message>
    <message>
        <source>The server could not process the file “%1”, so it cannot be used.</source>
        <translation>Der Server konnte die Datei „%1“ nicht verarbeiten, daher kann sie nicht verwendet werden.</translation>
    </message>
    <message>
        <source>The server could not process the file “%1”: %2</source>
        <translation>Der Server konnte die Datei „%1“ nicht verarbeiten: %2</translation>
    </message>
    <message>
        <source>The file “%1” was still being processed by the server after %2. Try again later.</source>
        <translation>Die Datei „%1“ wurde nach %2 immer noch vom Server verarbeitet. Versuchen Sie es später erneut.</translation>
    </message>
</context>
<context>
    <name>ResumableUpload</name>
    <message>
        <source>Cannot finish uploading %1: the file cannot be read (%2).</source>
        <translation>Das Hochladen von %1 kann nicht abgeschlossen werden: Die Datei kann nicht gelesen werden (%2).</translation>
    </message>
    <message>
        <source>Cannot finish uploading %1: reading the file failed (%2).</source>
        <translation>Das Hochladen von %1 kann nicht abgeschlossen werden: Das Lesen der Datei ist fehlgeschlagen (%2).</translation>
    </message>
    <message>
        <source>The upload of %1 went wrong: the server stored %2 bytes of the %3 sent. Upload it again.</source>
        <translation>Beim Hochladen von %1 ist etwas schiefgegangen: Der Server hat %2 der %3 gesendeten Bytes gespeichert. Laden Sie die Datei erneut hoch.</translation>
    </message>
    <message>
        <source>The upload of %1 went wrong: the copy on the server differs from the file (SHA-256 %2 instead of %3). Upload it again.</source>
        <translation>Beim Hochladen von %1 ist etwas schiefgegangen: Die Kopie auf dem Server weicht von der Datei ab (SHA-256 %2 statt %3). Laden Sie die Datei erneut hoch.</translation>
    </message>
    <message>
        <source>The upload of %1 failed: the server lost the upload session twice. Try again later.</source>
        <translation>Das Hochladen von %1 ist fehlgeschlagen: Der Server hat die Upload-Sitzung zweimal verloren. Versuchen Sie es später erneut.</translation>
    </message>
</context>
<context>
    <name>RunSettingsPanel</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>System instructions</source>
        <translation>Systemanweisungen</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Get Code</source>
        <translation>Code abrufen</translation>
    </message>
    <message>
        <source>This conversation and its settings as curl, Python or JavaScript</source>
        <translation>Diese Unterhaltung und ihre Einstellungen als curl, Python oder JavaScript</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Unset every setting but the model: the server&apos;s defaults apply</source>
        <translation>Alle Einstellungen außer dem Modell zurücksetzen: Es gelten die Vorgaben des Servers</translation>
    </message>
</context>
<context>
    <name>Safety</name>
    <message>
        <source>harassment</source>
        <translation>Belästigung</translation>
    </message>
    <message>
        <source>hate speech</source>
        <translation>Hassrede</translation>
    </message>
    <message>
        <source>sexually explicit content</source>
        <translation>sexuell explizite Inhalte</translation>
    </message>
    <message>
        <source>dangerous content</source>
        <translation>gefährliche Inhalte</translation>
    </message>
    <message>
        <source>civic integrity</source>
        <translation>bürgerliche Integrität</translation>
    </message>
</context>
<context>
    <name>SafetyPanel</name>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Not sent: the model&apos;s own threshold for this category applies.</source>
        <translation>Nicht gesendet: Es gilt der eigene Schwellenwert des Modells für diese Kategorie.</translation>
    </message>
    <message>
        <source>Block none</source>
        <translation>Nichts blockieren</translation>
    </message>
    <message>
        <source>Never block for this category; responses still carry its safety rating.</source>
        <translation>Für diese Kategorie nie blockieren; Antworten enthalten weiterhin ihre Sicherheitsbewertung.</translation>
    </message>
    <message>
        <source>Block few (only high)</source>
        <translation>Wenig blockieren (nur hoch)</translation>
    </message>
    <message>
        <source>Block only content with a high probability of being unsafe.</source>
        <translation>Nur Inhalte blockieren, die mit hoher Wahrscheinlichkeit unsicher sind.</translation>
    </message>
    <message>
        <source>Block some (medium and up)</source>
        <translation>Einiges blockieren (ab mittel)</translation>
    </message>
    <message>
        <source>Block content with a medium or high probability of being unsafe.</source>
        <translation>Inhalte blockieren, die mit mittlerer oder hoher Wahrscheinlichkeit unsicher sind.</translation>
    </message>
    <message>
        <source>Block most (low and up)</source>
        <translation>Das meiste blockieren (ab niedrig)</translation>
    </message>
    <message>
        <source>Block content with a low, medium or high probability of being unsafe (the strictest).</source>
        <translation>Inhalte blockieren, die mit niedriger, mittlerer oder hoher Wahrscheinlichkeit unsicher sind (am strengsten).</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Turn the safety filter off for this category: no blocking and no rating.</source>
        <translation>Den Sicherheitsfilter für diese Kategorie ausschalten: keine Blockierung und keine Bewertung.</translation>
    </message>
    <message>
        <source>When to block a response for %1.</source>
        <translation>Wann eine Antwort in der Kategorie „%1“ blockiert wird.</translation>
    </message>
    <message>
        <source>A category this version of Alhena does not know (%1); kept and sent as it is.</source>
        <translation>Eine Kategorie, die diese Version von Alhena nicht kennt (%1); sie wird beibehalten und unverändert gesendet.</translation>
    </message>
    <message>
        <source>%1 (unknown)</source>
        <translation>%1 (unbekannt)</translation>
    </message>
    <message>
        <source>A threshold this version of Alhena does not know (%1); sent as it is.</source>
        <translation>Ein Schwellenwert, den diese Version von Alhena nicht kennt (%1); er wird unverändert gesendet.</translation>
    </message>
    <message>
        <source>Categories left at Default are not sent: the model&apos;s defaults apply.</source>
        <translation>Kategorien, die auf „Standard“ stehen, werden nicht gesendet: Es gelten die Vorgaben des Modells.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Set every category back to Default, so that no safety setting is sent.</source>
        <translation>Alle Kategorien auf „Standard“ zurücksetzen, sodass keine Sicherheitseinstellung gesendet wird.</translation>
    </message>
</context>
<context>
    <name>SchemaCheck</name>
    <message>
        <source>The schema is nested deeper than %1 levels.</source>
        <translation>Das Schema ist tiefer als %1 Ebenen verschachtelt.</translation>
    </message>
    <message>
        <source>The schema has more than %1 sub-schemas.</source>
        <translation>Das Schema hat mehr als %1 Unterschemas.</translation>
    </message>
    <message>
        <source>A schema must be a JSON object ({…}).</source>
        <translation>Ein Schema muss ein JSON-Objekt sein ({…}).</translation>
    </message>
    <message>
        <source>%1 is not a schema keyword</source>
        <translation>%1 ist kein Schema-Schlüsselwort</translation>
    </message>
    <message>
        <source> (did you mean %1?)</source>
        <translation> (meinten Sie %1?)</translation>
    </message>
    <message>
        <source> here: it belongs to JSON Schema, which uses lower-case types</source>
        <translation> an dieser Stelle: Es gehört zu JSON Schema, das Typen in Kleinbuchstaben verwendet</translation>
    </message>
    <message>
        <source> here: it belongs to the OpenAPI dialect, which uses upper-case types</source>
        <translation> an dieser Stelle: Es gehört zum OpenAPI-Dialekt, der Typen in Großbuchstaben verwendet</translation>
    </message>
    <message>
        <source>A type must be a string, one of %1.</source>
        <translation>Ein Typ muss eine Zeichenkette sein, einer von %1.</translation>
    </message>
    <message>
        <source>%1 is a JSON Schema type, but this schema uses the upper-case OpenAPI types (%2): do not mix the two.</source>
        <translation>%1 ist ein Typ von JSON Schema, aber dieses Schema verwendet die OpenAPI-Typen in Großbuchstaben (%2): Mischen Sie die beiden nicht.</translation>
    </message>
    <message>
        <source>%1 is an OpenAPI type, but this schema uses the lower-case JSON Schema types (%2): do not mix the two.</source>
        <translation>%1 ist ein OpenAPI-Typ, aber dieses Schema verwendet die Typen von JSON Schema in Kleinbuchstaben (%2): Mischen Sie die beiden nicht.</translation>
    </message>
    <message>
        <source>%1 is not a type (one of %2).</source>
        <translation>%1 ist kein Typ (einer von %2).</translation>
    </message>
    <message>
        <source>A list of types cannot be empty.</source>
        <translation>Eine Liste von Typen darf nicht leer sein.</translation>
    </message>
    <message>
        <source>%1 is listed twice.</source>
        <translation>%1 ist doppelt aufgeführt.</translation>
    </message>
    <message>
        <source>“properties” must be an object of property names and their schemas.</source>
        <translation>„properties“ muss ein Objekt aus Eigenschaftsnamen und ihren Schemas sein.</translation>
    </message>
    <message>
        <source>%1 must be a non-empty list of schemas.</source>
        <translation>%1 muss eine nicht leere Liste von Schemas sein.</translation>
    </message>
    <message>
        <source>“required” must be a list of property names.</source>
        <translation>„required“ muss eine Liste von Eigenschaftsnamen sein.</translation>
    </message>
    <message>
        <source>A required property must be named by a string.</source>
        <translation>Eine Pflichteigenschaft muss durch eine Zeichenkette benannt werden.</translation>
    </message>
    <message>
        <source>%1 is required but is not one of the properties.</source>
        <translation>%1 ist als Pflichtfeld angegeben, ist aber keine der Eigenschaften.</translation>
    </message>
    <message>
        <source>“propertyOrdering” must be a list of property names.</source>
        <translation>„propertyOrdering“ muss eine Liste von Eigenschaftsnamen sein.</translation>
    </message>
    <message>
        <source>%1 in “propertyOrdering” is not one of the properties.</source>
        <translation>%1 in „propertyOrdering“ ist keine der Eigenschaften.</translation>
    </message>
    <message>
        <source>%1 must be a whole number, 0 or more.</source>
        <translation>%1 muss eine ganze Zahl sein, 0 oder größer.</translation>
    </message>
    <message>
        <source>%1 is greater than %2.</source>
        <translation>%1 ist größer als %2.</translation>
    </message>
    <message>
        <source>%1 must be a number.</source>
        <translation>%1 muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>“minimum” is greater than “maximum”.</source>
        <translation>„minimum“ ist größer als „maximum“.</translation>
    </message>
    <message>
        <source>%1 must be a string.</source>
        <translation>%1 muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <source>“nullable” must be true or false.</source>
        <translation>„nullable“ muss true oder false sein.</translation>
    </message>
    <message>
        <source>“enum” must be a non-empty list of strings.</source>
        <translation>„enum“ muss eine nicht leere Liste von Zeichenketten sein.</translation>
    </message>
    <message>
        <source>An enum value must be a string.</source>
        <translation>Ein Enum-Wert muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <source>An OBJECT needs at least one property.</source>
        <translation>Ein OBJECT braucht mindestens eine Eigenschaft.</translation>
    </message>
    <message>
        <source>An ARRAY needs “items”, the schema of its elements.</source>
        <translation>Ein ARRAY braucht „items“, das Schema seiner Elemente.</translation>
    </message>
    <message>
        <source>%1 must point into “$defs”, like “#/$defs/name”.</source>
        <translation>%1 muss auf einen Eintrag in „$defs“ verweisen, etwa „#/$defs/name“.</translation>
    </message>
    <message>
        <source>%1 must name one entry of “$defs”.</source>
        <translation>%1 muss genau einen Eintrag von „$defs“ benennen.</translation>
    </message>
    <message>
        <source>%1 points to nothing: “$defs” has no %2.</source>
        <translation>%1 verweist ins Leere: „$defs“ enthält kein %2.</translation>
    </message>
    <message>
        <source>“$defs” must be an object of names and their schemas.</source>
        <translation>„$defs“ muss ein Objekt aus Namen und ihren Schemas sein.</translation>
    </message>
    <message>
        <source>“enum” must be a non-empty list of values.</source>
        <translation>„enum“ muss eine nicht leere Liste von Werten sein.</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The schema is too long (%1 characters; at most %2).</source>
        <translation>Das Schema ist zu lang (%1 Zeichen; höchstens %2).</translation>
    </message>
    <message>
        <source>The schema must be a JSON object ({…}).</source>
        <translation>Das Schema muss ein JSON-Objekt sein ({…}).</translation>
    </message>
</context>
<context>
    <name>SecretError</name>
    <message>
        <source>Nothing is saved under this name.</source>
        <translation>Unter diesem Namen ist nichts gespeichert.</translation>
    </message>
    <message>
        <source>No system keychain could be used: no keychain service (such as GNOME Keyring or KWallet) is running, or it is locked.</source>
        <translation>Es konnte kein Schlüsselbund des Systems verwendet werden: Es läuft kein Schlüsselbunddienst (etwa GNOME Keyring oder KWallet), oder er ist gesperrt.</translation>
    </message>
    <message>
        <source>The system keychain refused access: it may be locked, or access was denied.</source>
        <translation>Der Schlüsselbund des Systems hat den Zugriff verweigert: Er ist möglicherweise gesperrt, oder der Zugriff wurde abgelehnt.</translation>
    </message>
    <message>
        <source>This value comes from an environment variable and cannot be changed here.</source>
        <translation>Dieser Wert stammt aus einer Umgebungsvariablen und kann hier nicht geändert werden.</translation>
    </message>
    <message>
        <source>The secret could not be read or saved.</source>
        <translation>Das Geheimnis konnte nicht gelesen oder gespeichert werden.</translation>
    </message>
    <message>
        <source>The secret could not be read or saved: %1</source>
        <translation>Das Geheimnis konnte nicht gelesen oder gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>API Key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Put this page&apos;s settings back to their defaults</source>
        <translation>Die Einstellungen dieser Seite auf ihre Standardwerte zurücksetzen</translation>
    </message>
    <message>
        <source>The proxy password could not be saved in the keychain: %1 It is used for this session only.</source>
        <translation>Das Proxy-Passwort konnte nicht im Schlüsselbund gespeichert werden: %1 Es wird nur für diese Sitzung verwendet.</translation>
    </message>
    <message>
        <source>The key could not be removed: %1</source>
        <translation>Der Schlüssel konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>&amp;Remove Key…</source>
        <translation>Schlüssel &amp;entfernen …</translation>
    </message>
    <message>
        <source>Delete the saved key from the keychain, the file and this session</source>
        <translation>Den gespeicherten Schlüssel aus dem Schlüsselbund, der Datei und dieser Sitzung löschen</translation>
    </message>
    <message>
        <source>Remove the saved API key? Alhena will ask for a key again.</source>
        <translation>Den gespeicherten API-Schlüssel entfernen? Alhena fragt dann erneut nach einem Schlüssel.</translation>
    </message>
    <message>
        <source>Remove the saved API key? The key from %1 stays in use while that variable is set.</source>
        <translation>Den gespeicherten API-Schlüssel entfernen? Der Schlüssel aus %1 bleibt in Gebrauch, solange diese Variable gesetzt ist.</translation>
    </message>
    <message>
        <source>Remove the API Key?</source>
        <translation>API-Schlüssel entfernen?</translation>
    </message>
    <message>
        <source>Current key:</source>
        <translation>Aktueller Schlüssel:</translation>
    </message>
    <message>
        <source>Where the key Alhena uses now is kept</source>
        <translation>Wo der Schlüssel aufbewahrt wird, den Alhena gerade verwendet</translation>
    </message>
    <message>
        <source>Change the key</source>
        <translation>Schlüssel ändern</translation>
    </message>
    <message>
        <source>Get a key at &lt;a href=&quot;https://aistudio.google.com/apikey&quot;&gt;Google AI Studio&lt;/a&gt;. Paste it here, test it, and save it: it is used at once.</source>
        <translation>Einen Schlüssel erhalten Sie in &lt;a href=&quot;https://aistudio.google.com/apikey&quot;&gt;Google AI Studio&lt;/a&gt;. Fügen Sie ihn hier ein, testen Sie ihn und speichern Sie ihn: Er wird sofort verwendet.</translation>
    </message>
    <message>
        <source>New &amp;key:</source>
        <translation>&amp;Neuer Schlüssel:</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>The server to talk to, for a gateway or a proxy in front of the Gemini API; empty for Google&apos;s</source>
        <translation>Der Server, mit dem Alhena spricht, für ein Gateway oder einen Proxy vor der Gemini-API; leer für den von Google</translation>
    </message>
    <message>
        <source>API &amp;version:</source>
        <translation>API-&amp;Version:</translation>
    </message>
    <message>
        <source>The version part of the address, such as v1beta or v1; empty for v1beta</source>
        <translation>Der Versionsteil der Adresse, etwa v1beta oder v1; leer für v1beta</translation>
    </message>
    <message>
        <source>In use now: %1, set by %2. It wins over the address above.</source>
        <translation>Zurzeit verwendet: %1, festgelegt durch %2. Hat Vorrang vor der Adresse oben.</translation>
    </message>
    <message>
        <source>the environment</source>
        <translation>die Umgebung</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Use the s&amp;ystem&apos;s proxy settings</source>
        <translation>Proxy-Einstellungen des S&amp;ystems verwenden</translation>
    </message>
    <message>
        <source>Follow the desktop&apos;s proxy settings and variables such as https_proxy</source>
        <translation>Den Proxy-Einstellungen der Arbeitsumgebung und Variablen wie https_proxy folgen</translation>
    </message>
    <message>
        <source>&amp;No proxy</source>
        <translation>&amp;Kein Proxy</translation>
    </message>
    <message>
        <source>Connect directly, whatever the system says</source>
        <translation>Direkt verbinden, unabhängig von den Systemeinstellungen</translation>
    </message>
    <message>
        <source>&amp;Manual:</source>
        <translation>&amp;Manuell:</translation>
    </message>
    <message>
        <source>Use the proxy named below</source>
        <translation>Den unten angegebenen Proxy verwenden</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>SOCKS5</source>
        <translation>SOCKS5</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>The proxy&apos;s protocol: HTTP (CONNECT for https) or SOCKS5</source>
        <translation>Das Protokoll des Proxys: HTTP (CONNECT für https) oder SOCKS5</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>The proxy&apos;s host name or IP address, without http://</source>
        <translation>Hostname oder IP-Adresse des Proxys, ohne http://</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>The proxy&apos;s port</source>
        <translation>Der Port des Proxys</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Ben&amp;utzername:</translation>
    </message>
    <message>
        <source>The proxy&apos;s user name, when it asks for one</source>
        <translation>Der Benutzername für den Proxy, falls er einen verlangt</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>The proxy&apos;s password; kept in the system keychain, never in the settings file</source>
        <translation>Das Passwort für den Proxy; es wird im Schlüsselbund des Systems aufbewahrt, nie in der Einstellungsdatei</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Request t&amp;imeout:</source>
        <translation>Zeitlimit für &amp;Anfragen:</translation>
    </message>
    <message>
        <source>How long to wait for an answer that does not stream before giving up</source>
        <translation>Wie lange auf eine nicht gestreamte Antwort gewartet wird, bevor abgebrochen wird</translation>
    </message>
    <message>
        <source>Stream si&amp;lence:</source>
        <translation>&amp;Leerlauf beim Streamen:</translation>
    </message>
    <message>
        <source>How long a streamed answer may stay silent (a thinking model) before it counts as lost</source>
        <translation>Wie lange eine gestreamte Antwort stumm bleiben darf (ein denkendes Modell), bevor sie als verloren gilt</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>W&amp;iederholungen:</translation>
    </message>
    <message>
        <source>Extra attempts after a passing failure (overload, rate limit, a dropped connection)</source>
        <translation>Zusätzliche Versuche nach einem vorübergehenden Fehler (Überlastung, Ratenlimit, abgebrochene Verbindung)</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Send &amp;inline up to:</source>
        <translation>&amp;Direkt mitsenden bis:</translation>
    </message>
    <message>
        <source>Attachments go inside the request while it stays under this size; larger ones are uploaded first</source>
        <translation>Anhänge werden direkt in der Anfrage mitgesendet, solange sie unter dieser Größe bleiben; größere werden zuerst hochgeladen</translation>
    </message>
    <message>
        <source>Inline attachments cost nothing to store but make each request larger. Uploaded files are kept by Google for 48 hours and reused while they last.</source>
        <translation>Direkt mitgesendete Anhänge belegen keinen Speicherplatz, machen aber jede Anfrage größer. Hochgeladene Dateien bewahrt Google 48 Stunden lang auf; solange sie bestehen, werden sie wiederverwendet.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>The application&apos;s colours</source>
        <translation>Die Farben der Anwendung</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>&amp;Font size:</source>
        <translation>Schrift&amp;größe:</translation>
    </message>
    <message>
        <source>The size of the text throughout Alhena</source>
        <translation>Die Größe des Textes in ganz Alhena</translation>
    </message>
    <message>
        <source>Enter (Shift+Enter for a new line)</source>
        <translation>Eingabe (Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
    <message>
        <source>Ctrl+Enter (Enter for a new line)</source>
        <translation>Strg+Eingabe (Eingabe für eine neue Zeile)</translation>
    </message>
    <message>
        <source>&amp;Send with:</source>
        <translation>Senden &amp;mit:</translation>
    </message>
    <message>
        <source>The key that sends the message you are writing</source>
        <translation>Die Taste, die die Nachricht sendet, die Sie gerade schreiben</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The language of Alhena&apos;s menus and messages</source>
        <translation>Die Sprache der Menüs und Meldungen von Alhena</translation>
    </message>
    <message>
        <source>The language takes effect after a restart.</source>
        <translation>Die Sprache wird nach einem Neustart wirksam.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>&amp;Data folder:</source>
        <translation>&amp;Datenordner:</translation>
    </message>
    <message>
        <source>Where conversations, attachments and caches are kept</source>
        <translation>Wo Unterhaltungen, Anhänge und Zwischenspeicher aufbewahrt werden</translation>
    </message>
    <message>
        <source>S&amp;ettings file:</source>
        <translation>&amp;Einstellungsdatei:</translation>
    </message>
    <message>
        <source>The file these settings are written to (never the API key)</source>
        <translation>Die Datei, in die diese Einstellungen geschrieben werden (nie der API-Schlüssel)</translation>
    </message>
    <message>
        <source>Could not open %1.</source>
        <translation>%1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The API version is letters and digits only, such as v1beta or v1.</source>
        <translation>Die API-Version besteht nur aus Buchstaben und Ziffern, etwa v1beta oder v1.</translation>
    </message>
    <message>
        <source>These settings could not be saved: a value is out of range.</source>
        <translation>Diese Einstellungen konnten nicht gespeichert werden: Ein Wert liegt außerhalb des zulässigen Bereichs.</translation>
    </message>
    <message>
        <source>From the environment variable %1. It is used instead of any saved key; unset it to use another.</source>
        <translation>Aus der Umgebungsvariablen %1. Er wird anstelle jedes gespeicherten Schlüssels verwendet; entfernen Sie die Variable, um einen anderen zu verwenden.</translation>
    </message>
    <message>
        <source>Saved in the system keychain.</source>
        <translation>Im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>Saved in a file only you can read: %1.</source>
        <translation>In einer Datei gespeichert, die nur Sie lesen können: %1.</translation>
    </message>
    <message>
        <source>Kept for this session only: it will be asked for again next time.</source>
        <translation>Nur für diese Sitzung behalten: Beim nächsten Start wird erneut danach gefragt.</translation>
    </message>
    <message>
        <source>No key is set.</source>
        <translation>Es ist kein Schlüssel festgelegt.</translation>
    </message>
</context>
<context>
    <name>StopSequenceEdit</name>
    <message>
        <source>Text at which the model stops writing (not included in the answer); press Enter to add it. Up to %1.</source>
        <translation>Text, bei dem das Modell aufhört zu schreiben (nicht in der Antwort enthalten); drücken Sie die Eingabetaste, um ihn hinzuzufügen. Bis zu %1.</translation>
    </message>
    <message>
        <source>Type the text to stop at, then press Enter.</source>
        <translation>Geben Sie den Text ein, bei dem gestoppt werden soll, und drücken Sie dann die Eingabetaste.</translation>
    </message>
    <message>
        <source>“%1” is already a stop sequence.</source>
        <translation>„%1“ ist bereits eine Stoppsequenz.</translation>
    </message>
    <message>
        <source>At most %1 stop sequences: remove one first.</source>
        <translation>Höchstens %1 Stoppsequenzen: Entfernen Sie zuerst eine.</translation>
    </message>
    <message>
        <source>Stops at “%1”</source>
        <translation>Stoppt bei „%1“</translation>
    </message>
    <message>
        <source>Remove this stop sequence</source>
        <translation>Diese Stoppsequenz entfernen</translation>
    </message>
    <message>
        <source>Remove “%1”</source>
        <translation>„%1“ entfernen</translation>
    </message>
    <message>
        <source>Limit of %1 reached</source>
        <translation>Grenze von %1 erreicht</translation>
    </message>
    <message>
        <source>Add a stop sequence…</source>
        <translation>Stoppsequenz hinzufügen …</translation>
    </message>
</context>
<context>
    <name>SystemInstructionPanel</name>
    <message>
        <source>Pre&amp;set:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>Fills the instructions with a saved preset; “No preset” keeps the text as it is.</source>
        <translation>Füllt die Anweisungen mit einer gespeicherten Vorlage; „Keine Vorlage“ lässt den Text unverändert.</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>Saves the instructions as a preset, or renames or deletes the picked preset.</source>
        <translation>Speichert die Anweisungen als Vorlage oder benennt die gewählte Vorlage um oder löscht sie.</translation>
    </message>
    <message>
        <source>Preset actions</source>
        <translation>Vorlagenaktionen</translation>
    </message>
    <message>
        <source>Save as New Preset…</source>
        <translation>Als neue Vorlage speichern …</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen …</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Optional tone and style instructions for the model</source>
        <translation>Optionale Anweisungen zu Ton und Stil für das Modell</translation>
    </message>
    <message>
        <source>System instructions</source>
        <translation>Systemanweisungen</translation>
    </message>
    <message>
        <source>Instructions the model follows for the whole conversation, such as a tone, style or role; when empty, none are sent.</source>
        <translation>Anweisungen, denen das Modell in der ganzen Unterhaltung folgt, etwa ein Ton, ein Stil oder eine Rolle; wenn leer, wird nichts gesendet.</translation>
    </message>
    <message>
        <source>No preset</source>
        <translation>Keine Vorlage</translation>
    </message>
    <message>
        <source>Instructions of your own, not saved as a preset</source>
        <translation>Eigene Anweisungen, nicht als Vorlage gespeichert</translation>
    </message>
    <message>
        <source>%1 (edited)</source>
        <translation>%1 (bearbeitet)</translation>
    </message>
    <message>
        <source>Save to “%1”</source>
        <translation>In „%1“ speichern</translation>
    </message>
    <message>
        <source>Save to Preset</source>
        <translation>In Vorlage speichern</translation>
    </message>
    <message>
        <source>Empty: no system instruction is sent</source>
        <translation>Leer: Es wird keine Systemanweisung gesendet</translation>
    </message>
    <message>
        <source>1 character</source>
        <translation>1 Zeichen</translation>
    </message>
    <message>
        <source>%1 characters</source>
        <translation>%1 Zeichen</translation>
    </message>
    <message>
        <source>Preset: %1 (edited)</source>
        <translation>Vorlage: %1 (bearbeitet)</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>Vorlage: %1</translation>
    </message>
    <message>
        <source>Save as New Preset</source>
        <translation>Als neue Vorlage speichern</translation>
    </message>
    <message>
        <source>Name of the new preset:</source>
        <translation>Name der neuen Vorlage:</translation>
    </message>
    <message>
        <source>Rename Preset</source>
        <translation>Vorlage umbenennen</translation>
    </message>
    <message>
        <source>New name of the preset “%1”:</source>
        <translation>Neuer Name der Vorlage „%1“:</translation>
    </message>
    <message>
        <source>Delete the preset “%1”? The instructions in the editor stay as they are.</source>
        <translation>Die Vorlage „%1“ löschen? Die Anweisungen im Editor bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>Vorlage löschen</translation>
    </message>
</context>
<context>
    <name>SystemPresets</name>
    <message>
        <source>A preset needs a name.</source>
        <translation>Eine Vorlage braucht einen Namen.</translation>
    </message>
    <message numerus="yes">
        <source>A preset name can be at most %n characters long.</source>
        <translation>
            <numerusform>Der Name einer Vorlage darf höchstens %n Zeichen lang sein.</numerusform>
            <numerusform>Der Name einer Vorlage darf höchstens %n Zeichen lang sein.</numerusform>
        </translation>
    </message>
    <message>
        <source>A preset can hold at most %1 characters of text.</source>
        <translation>Eine Vorlage kann höchstens %1 Zeichen Text enthalten.</translation>
    </message>
    <message>
        <source>A preset named “%1” exists already.</source>
        <translation>Eine Vorlage mit dem Namen „%1“ gibt es bereits.</translation>
    </message>
    <message>
        <source>There is no preset named “%1”.</source>
        <translation>Es gibt keine Vorlage mit dem Namen „%1“.</translation>
    </message>
</context>
<context>
    <name>TokenEstimate</name>
    <message>
        <source>≈ %L1 tokens</source>
        <extracomment>an estimated token count; %L1 is the number</extracomment>
        <translation>≈ %L1 Tokens</translation>
    </message>
</context>
<context>
    <name>TokenMeter</name>
    <message>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 Tokens</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>What the next message would cost: the conversation so far, the system instruction, tools and what you are typing.</source>
        <translation>Was die nächste Nachricht kosten würde: die bisherige Unterhaltung, die Systemanweisung, Werkzeuge und das, was Sie gerade schreiben.</translation>
    </message>
    <message>
        <source>History and settings: %1</source>
        <translation>Verlauf und Einstellungen: %1</translation>
    </message>
    <message>
        <source>Your message: %1</source>
        <translation>Ihre Nachricht: %1</translation>
    </message>
    <message>
        <source>Attachments (estimated): %1</source>
        <translation>Anhänge (geschätzt): %1</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt …</translation>
    </message>
    <message>
        <source>The last count failed: %1</source>
        <translation>Die letzte Zählung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>This is more than the model accepts (%1 tokens); the server will refuse it.</source>
        <translation>Das ist mehr, als das Modell annimmt (%1 Tokens); der Server wird es ablehnen.</translation>
    </message>
</context>
<context>
    <name>UploadSource</name>
    <message>
        <source>Cannot upload %1: %2</source>
        <extracomment>%1 is a file path, %2 says what is wrong with it</extracomment>
        <translation>%1 kann nicht hochgeladen werden: %2</translation>
    </message>
    <message>
        <source>Cannot upload: no file was given.</source>
        <translation>Hochladen nicht möglich: Es wurde keine Datei angegeben.</translation>
    </message>
    <message>
        <source>the file does not exist.</source>
        <translation>Die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>it is a folder, not a file.</source>
        <translation>Es ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <source>it is not a regular file (a device, a pipe or a socket).</source>
        <translation>Es ist keine reguläre Datei (sondern ein Gerät, eine Pipe oder ein Socket).</translation>
    </message>
    <message>
        <source>it cannot be read (%1).</source>
        <translation>Die Datei kann nicht gelesen werden (%1).</translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>it is %1, larger than the %2 the Gemini Files API accepts for one file.</source>
        <translation>Die Datei ist %1 groß, größer als die %2, die die Gemini Files API für eine Datei akzeptiert.</translation>
    </message>
    <message>
        <source>the type “%1” is not one Gemini accepts. Accepted are:
%2</source>
        <translation>Der Typ „%1“ wird von Gemini nicht akzeptiert. Akzeptiert werden:
%2</translation>
    </message>
    <message>
        <source>its content cannot be read.</source>
        <translation>Ihr Inhalt kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>its content is of type %1, which Gemini does not accept. Accepted are:
%2</source>
        <translation>Ihr Inhalt hat den Typ %1, den Gemini nicht akzeptiert. Akzeptiert werden:
%2</translation>
    </message>
    <message>
        <source>Cannot finish uploading %1: the file was removed or renamed while it was being uploaded.</source>
        <translation>Das Hochladen von %1 kann nicht abgeschlossen werden: Die Datei wurde während des Hochladens entfernt oder umbenannt.</translation>
    </message>
    <message>
        <source>Cannot finish uploading %1: the file changed while it was being uploaded. Upload it again to send its current content.</source>
        <translation>Das Hochladen von %1 kann nicht abgeschlossen werden: Die Datei hat sich während des Hochladens geändert. Laden Sie sie erneut hoch, um ihren aktuellen Inhalt zu senden.</translation>
    </message>
</context>
</TS>
