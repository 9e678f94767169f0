"""The words of the compliance report, in English and French.

A check carries a stable ``code`` (``<check>.<outcome>``) and its parameters;
the text is rendered from these templates at the edge, in the reader's
language: the CLI with ``--lang``, the web studio from the visitor's choice.
A template may depend on one parameter's value (``by``), e.g. whether the
document measures the head to the top of the hair or to the skull.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Text:
    """The message and the advice for one outcome, in one language."""

    message: str
    advice: str = ""


def _t(en: tuple[str, str] | str, fr: tuple[str, str] | str) -> dict[str, Text]:
    def text(value: tuple[str, str] | str) -> Text:
        return Text(*value) if isinstance(value, tuple) else Text(value)

    return {"en": text(en), "fr": text(fr)}


# Remnants and fringes: a fail and a warning differ only in how much shows.
_REMNANT = _t(
    (
        "Something stands out from the background ({share} % of it): an object, a shadow or a "
        "piece of the old background.",
        "Stand in front of a plain wall with nothing beside or behind you.",
    ),
    (
        "Quelque chose se détache du fond ({share} % de sa surface) : un objet, une ombre ou un "
        "reste de l'ancien fond.",
        "Placez-vous devant un mur uni, sans rien à côté ni derrière vous.",
    ),
)
_FRINGE = _t(
    (
        "A rim of another colour runs along the outline ({share} % of it), round the hair or "
        "the shoulders.",
        "Stand in front of a light, plain wall, away from coloured walls and curtains.",
    ),
    (
        "Un liseré d'une autre couleur borde la silhouette ({share} % du contour), autour des "
        "cheveux ou des épaules.",
        "Placez-vous devant un mur clair et uni, loin des murs et rideaux colorés.",
    ),
)

# code -> language -> Text; or code -> {"by": param, value: {language: Text}}.
MESSAGES: dict[str, dict] = {
    "face_count.pass": _t("One face.", "Un seul visage."),
    "face_count.none": _t(
        ("No face can be seen in the finished photo.", "Use a photo of one person facing the camera."),
        ("Aucun visage n'est visible sur la photo finie.",
         "Utilisez une photo d'une seule personne, de face."),
    ),
    "face_count.many": _t(
        ("{count} faces in the photo; the document needs one person alone.",
         "Take the photo alone, with nobody else in the frame."),
        ("{count} visages sur la photo ; le document exige une personne seule.",
         "Prenez la photo seul, sans personne d'autre dans le cadre."),
    ),
    "head_height.pass": {
        "by": "measure",
        "hair": _t("Head {measured} mm (chin to top of hair).",
                   "Tête {measured} mm (du menton au sommet des cheveux)."),
        "crown": _t("Head {measured} mm (chin to crown).",
                    "Tête {measured} mm (du menton au sommet du crâne)."),
    },
    "head_height.too_small": _t(
        ("Head {measured} mm; the document needs {min}-{max} mm.", "Move closer to the camera."),
        ("Tête {measured} mm ; le document exige {min} à {max} mm.",
         "Rapprochez-vous de l'appareil."),
    ),
    "head_height.too_large": _t(
        ("Head {measured} mm; the document needs {min}-{max} mm.", "Move back from the camera."),
        ("Tête {measured} mm ; le document exige {min} à {max} mm.",
         "Éloignez-vous de l'appareil."),
    ),
    "head_height.cut": {
        "by": "part",
        "crown": _t(
            ("The top of the head is cut off in the original photo, so the head cannot be measured.",
             "Leave space above the head when you take the photo."),
            ("Le haut de la tête est coupé sur la photo d'origine : la tête ne peut pas être mesurée.",
             "Laissez de l'espace au-dessus de la tête en prenant la photo."),
        ),
        "chin": _t(
            ("The chin is cut off in the original photo, so the head cannot be measured.",
             "Leave space below the chin when you take the photo."),
            ("Le menton est coupé sur la photo d'origine : la tête ne peut pas être mesurée.",
             "Laissez de l'espace sous le menton en prenant la photo."),
        ),
        "side": _t(
            ("One side of the face is cut off in the original photo: the whole face must show.",
             "Keep your face in the middle of the picture, with space on both sides of your "
             "head."),
            ("Un côté du visage est coupé sur la photo d'origine : le visage doit être entier.",
             "Gardez votre visage au milieu de l'image, avec de l'espace des deux côtés de la "
             "tête."),
        ),
    },
    "eye_line.pass": _t("Eyes {measured} mm above the bottom edge.",
                        "Yeux à {measured} mm du bord inférieur."),
    "eye_line.no_rule": _t("Eyes {measured} mm above the bottom edge; no rule.",
                           "Yeux à {measured} mm du bord inférieur ; aucune règle."),
    "eye_line.out_of_range": _t(
        ("Eyes {measured} mm above the bottom edge; the document needs {min}-{max} mm.",
         "Leave space above the head and below the chin so the photo can be framed."),
        ("Yeux à {measured} mm du bord inférieur ; le document exige {min} à {max} mm.",
         "Laissez de l'espace au-dessus de la tête et sous le menton pour le cadrage."),
    ),
    "face_centered.pass": _t("Face {measured} mm off centre.", "Visage à {measured} mm du centre."),
    "face_centered.off": _t(
        ("Face {measured} mm off centre; at most {max} mm allowed.",
         "Stand in the middle of the frame with space on both sides."),
        ("Visage à {measured} mm du centre ; {max} mm au plus.",
         "Placez-vous au milieu du cadre, avec de l'espace de chaque côté."),
    ),
    "head_roll.pass": _t("Head tilt {measured} degrees.", "Inclinaison de la tête {measured} degrés."),
    "head_yaw.pass": _t("Head turn {measured} degrees.", "Rotation de la tête {measured} degrés."),
    "head_pitch.pass": _t("Head nod {measured} degrees.", "Tête penchée de {measured} degrés."),
    "head_roll.warn": _t(
        ("Head tilted {measured} degrees; at most {max} degrees allowed.",
         "Keep the head level; do not tilt it."),
        ("Tête inclinée de {measured} degrés ; {max} degrés au plus.",
         "Gardez la tête droite, sans l'incliner."),
    ),
    "head_yaw.warn": _t(
        ("Head turned {measured} degrees; at most {max} degrees allowed.",
         "Face the camera squarely; do not turn the head."),
        ("Tête tournée de {measured} degrés ; {max} degrés au plus.",
         "Regardez l'appareil bien en face, sans tourner la tête."),
    ),
    "head_pitch.warn": _t(
        ("Head tipped {measured} degrees up or down; at most {max} degrees allowed.",
         "Hold the chin level, neither up nor down."),
        ("Tête penchée de {measured} degrés vers le haut ou le bas ; {max} degrés au plus.",
         "Gardez le menton droit, ni levé ni baissé."),
    ),
    "eyes_open.pass": _t("Both eyes open.", "Les deux yeux sont ouverts."),
    "eyes_open.warn": _t(
        ("The eyes look half closed.", "Keep both eyes wide open and look into the lens."),
        ("Les yeux semblent mi-clos.", "Gardez les yeux bien ouverts et regardez l'objectif."),
    ),
    "eyes_open.fail": _t(
        ("An eye looks closed.", "Keep both eyes wide open and look into the lens."),
        ("Un œil semble fermé.", "Gardez les yeux bien ouverts et regardez l'objectif."),
    ),
    "eyes_open.covered_fail": _t(
        ("Something hides an eye: the iris barely shows against the white ({ratio} of the "
         "face's contrast).",
         "Keep hair, hands and anything else away from the eyes; both must be plainly seen."),
        ("Quelque chose cache un œil : l'iris se distingue à peine du blanc ({ratio} du "
         "contraste du visage).",
         "Dégagez les yeux des cheveux, des mains et de tout objet ; ils doivent être bien "
         "visibles."),
    ),
    "eyes_open.covered_warn": _t(
        ("An eye shows faintly: the iris stands out little against the white ({ratio} of the "
         "face's contrast).",
         "Keep hair away from the eyes, and face an even light so both eyes show plainly."),
        ("Un œil se voit mal : l'iris se détache peu du blanc ({ratio} du contraste du "
         "visage).",
         "Dégagez les yeux des cheveux et placez-vous face à une lumière égale pour qu'ils "
         "se voient bien."),
    ),
    "mouth_closed.pass": _t("Mouth closed.", "Bouche fermée."),
    "mouth_closed.warn": _t(
        ("The lips are parted (a smile with teeth).",
         "A natural smile is accepted here; a closed mouth is safer if the photo may serve "
         "another document."),
        ("Les lèvres sont entrouvertes (sourire avec les dents).",
         "Un sourire naturel est accepté ici ; la bouche fermée est plus sûre si la photo peut "
         "servir à un autre document."),
    ),
    "mouth_closed.smile_fail": _t(
        ("The lips are parted (a smile with teeth); this document needs a neutral expression "
         "with the mouth closed.",
         "Close the mouth and keep a neutral expression."),
        ("Les lèvres sont entrouvertes (sourire avec les dents) ; ce document exige une "
         "expression neutre, la bouche fermée.",
         "Fermez la bouche et gardez une expression neutre."),
    ),
    "mouth_closed.fail": _t(
        ("The mouth is open.", "Close the mouth and keep a neutral expression."),
        ("La bouche est ouverte.", "Fermez la bouche et gardez une expression neutre."),
    ),
    "hands.pass": _t("No hand in the photo.", "Aucune main sur la photo."),
    "hands.visible": _t(
        ("A hand shows in the photo, beside the face.",
         "Keep your hands down, out of the photo."),
        ("Une main apparaît sur la photo, à côté du visage.",
         "Gardez les mains baissées, hors de la photo."),
    ),
    "hands.covering": _t(
        ("A hand covers {share} % of the face.",
         "Keep your hands down, away from the face, and take the photo again."),
        ("Une main couvre {share} % du visage.",
         "Gardez les mains baissées, loin du visage, et reprenez la photo."),
    ),
    "face_covered.pass": _t("Nothing covers the face.", "Rien ne couvre le visage."),
    "face_covered.fail": _t(
        ("Something covers the lower face: {share} % of it is neither skin nor hair.",
         "Take off any mask, scarf or other covering, and keep objects away from the face."),
        ("Quelque chose couvre le bas du visage : {share} % n'est ni peau ni poils.",
         "Retirez masque, écharpe ou tout autre objet, et gardez le visage dégagé."),
    ),
    "face_covered.warn": _t(
        ("Little skin shows on the lower face: {share} % of it is not skin.",
         "A beard is accepted; take off any mask or scarf of the beard's colour."),
        ("Peu de peau apparaît sur le bas du visage : {share} % n'est pas de la peau.",
         "La barbe est acceptée ; retirez tout masque ou écharpe de sa couleur."),
    ),
    "face_covered.unread": _t(
        ("The lower face is too bright to tell whether anything covers it.",
         "Use a softer light, without a flash straight at the face."),
        ("Le bas du visage est trop clair pour voir si quelque chose le couvre.",
         "Utilisez une lumière plus douce, sans flash face au visage."),
    ),
    "sharpness.pass": _t("The face is sharp.", "Le visage est net."),
    "sharpness.warn": _t(
        ("The face is a little soft.",
         "Hold the camera still, tap to focus on the face, and use more light."),
        ("Le visage est un peu flou.",
         "Tenez l'appareil immobile, faites la mise au point sur le visage, ajoutez de la lumière."),
    ),
    "sharpness.fail": _t(
        ("The face is blurred.", "Hold the camera still, tap to focus on the face, and use more light."),
        ("Le visage est flou.",
         "Tenez l'appareil immobile, faites la mise au point sur le visage, ajoutez de la lumière."),
    ),
    "compression.pass": _t("No compression blocks or square pixels on the face.",
                           "Aucun bloc de compression ni pixel carré sur le visage."),
    "compression.blocks_warn": _t(
        ("The face shows some JPEG blocks (steps at the 8-pixel grid {measured} times the "
         "others; a warning, not a failure, because they are faint).",
         "Send the camera's original file, not a copy saved again or sent through a chat app."),
        ("Le visage montre quelques blocs JPEG (marches sur la grille de 8 pixels {measured} "
         "fois les autres ; un avertissement et non un échec, car ils sont faibles).",
         "Envoyez le fichier original de l'appareil, pas une copie réenregistrée ou passée "
         "par une messagerie."),
    ),
    "compression.blocks_fail": _t(
        ("The face is in JPEG blocks (steps at the 8-pixel grid {measured} times the others): "
         "the file was compressed too hard.",
         "Send the camera's original file, not a copy saved again or sent through a chat app."),
        ("Le visage est en blocs JPEG (marches sur la grille de 8 pixels {measured} fois les "
         "autres) : le fichier a été trop compressé.",
         "Envoyez le fichier original de l'appareil, pas une copie réenregistrée ou passée "
         "par une messagerie."),
    ),
    "compression.pixels_warn": _t(
        ("{share} % of the face's pixels repeat their neighbours, as in a photo enlarged from "
         "a small one; a warning, not a failure, because the squares are small.",
         "Use the camera's full-size photo, not a thumbnail or a screenshot."),
        ("{share} % des pixels du visage répètent leurs voisins, comme dans une photo agrandie "
         "à partir d'une petite ; un avertissement et non un échec, car les carrés sont petits.",
         "Utilisez la photo de l'appareil en taille réelle, pas une miniature ni une capture "
         "d'écran."),
    ),
    "compression.pixels_fail": _t(
        ("The face is made of square pixels ({share} % repeat their neighbours): the photo was "
         "enlarged from a small one.",
         "Use the camera's full-size photo, not a thumbnail or a screenshot."),
        ("Le visage est fait de pixels carrés ({share} % répètent leurs voisins) : la photo a "
         "été agrandie à partir d'une petite.",
         "Utilisez la photo de l'appareil en taille réelle, pas une miniature ni une capture "
         "d'écran."),
    ),
    "noise.pass": _t("Noise on the face {measured} % of its brightness.",
                     "Bruit sur le visage : {measured} % de sa luminosité."),
    "noise.warn": _t(
        ("The face is grainy: noise is {measured} % of its brightness (a warning, not a "
         "failure, because the face still shows through).",
         "Take the photo in daylight or under brighter light."),
        ("Le visage est granuleux : le bruit atteint {measured} % de sa luminosité (un "
         "avertissement et non un échec, car le visage reste lisible).",
         "Prenez la photo à la lumière du jour ou sous un éclairage plus fort."),
    ),
    "noise.fail": _t(
        ("The face is covered in noise: {measured} % of its brightness (far too little light).",
         "Take the photo in daylight or under brighter light."),
        ("Le visage est couvert de bruit : {measured} % de sa luminosité (beaucoup trop peu "
         "de lumière).",
         "Prenez la photo à la lumière du jour ou sous un éclairage plus fort."),
    ),
    "dynamic_range.pass": _t("The face uses {measured} bits of grey levels.",
                             "Le visage utilise {measured} bits de niveaux de gris."),
    "dynamic_range.warn": _t(
        ("The face looks a little flat: {measured} bits of grey levels (a warning, not a "
         "failure, because most of its detail shows).",
         "Use even, bright light on the face, and no haze or fading filter."),
        ("Le visage paraît un peu terne : {measured} bits de niveaux de gris (un "
         "avertissement et non un échec, car l'essentiel du détail se voit).",
         "Éclairez le visage de façon égale et vive, sans voile ni filtre délavé."),
    ),
    "dynamic_range.fail": _t(
        ("The face is washed out or underexposed: it uses only {measured} bits of grey levels "
         "(at least 6 are needed).",
         "Use even, bright light on the face, and no haze or fading filter."),
        ("Le visage est délavé ou sous-exposé : il n'utilise que {measured} bits de niveaux "
         "de gris (il en faut au moins 6).",
         "Éclairez le visage de façon égale et vive, sans voile ni filtre délavé."),
    ),
    "sharpness.motion_warn": _t(
        ("The face is a little smeared one way ({spread} as sharp one way as the other; a "
         "warning, not a failure, because it is slight): the camera moved.",
         "Hold the camera still with both hands, or rest it on something, and use more light."),
        ("Le visage est un peu filé dans un sens ({spread} de netteté d'un sens à l'autre ; un "
         "avertissement et non un échec, car c'est léger) : l'appareil a bougé.",
         "Tenez l'appareil immobile à deux mains, ou posez-le, et ajoutez de la lumière."),
    ),
    "sharpness.motion_fail": _t(
        ("The face is smeared by movement ({spread} as sharp one way as the other).",
         "Hold the camera still with both hands, or rest it on something, and use more light."),
        ("Le visage est filé par un mouvement ({spread} de netteté d'un sens à l'autre).",
         "Tenez l'appareil immobile à deux mains, ou posez-le, et ajoutez de la lumière."),
    ),
    "exposure.pass": _t("Face brightness {measured} %.", "Luminosité du visage {measured} %."),
    "exposure.grainy": _t(
        ("The face is grainy: noise is {grain} % of its brightness (too little light).", "Take the photo in daylight or under brighter light."),
        ("Le visage est granuleux : le bruit atteint {grain} % de sa luminosité (trop peu de lumière).", "Prenez la photo à la lumière du jour ou sous un éclairage plus fort."),
    ),
    "exposure.dark": _t(
        ("The face is too dark.", "Face a window or a soft light."),
        ("Le visage est trop sombre.", "Placez-vous face à une fenêtre ou à une lumière douce."),
    ),
    "exposure.bright": _t(
        ("The face is too bright (washed out).", "Step out of direct light and turn off the flash."),
        ("Le visage est trop clair (surexposé).",
         "Sortez de la lumière directe et désactivez le flash."),
    ),
    "lighting_uniform.pass": _t("Even light on the face.", "Lumière uniforme sur le visage."),
    "lighting_uniform.unmeasured": _t("Face halves not measurable.",
                                      "Moitiés du visage non mesurables."),
    "lighting_uniform.warn": _t(
        ("One side of the face is {measured} % darker than the other.",
         "Face the light squarely; avoid light from one side."),
        ("Un côté du visage est {measured} % plus sombre que l'autre.",
         "Placez-vous face à la lumière ; évitez l'éclairage de côté."),
    ),
    "lighting_uniform.fail": _t(
        ("One side of the face is {measured} % darker than the other.",
         "Face the light squarely; avoid light from one side."),
        ("Un côté du visage est {measured} % plus sombre que l'autre.",
         "Placez-vous face à la lumière ; évitez l'éclairage de côté."),
    ),
    "shoulders.pass": _t("The person reaches the bottom edge.",
                         "La personne descend jusqu'au bord inférieur."),
    "shoulders.cut": _t(
        ("The photo stops {measured} mm above the bottom edge, below the chin: "
         "the source photo ends at the collar.",
         "Step back, or hold the camera further away, so that your shoulders are in the picture."),
        ("La photo s'arrête à {measured} mm au-dessus du bord inférieur, sous le menton : "
         "la photo d'origine s'arrête au col.",
         "Reculez, ou tenez l'appareil plus loin, pour que vos épaules soient dans l'image."),
    ),
    "shoulders.maybe_cut": _t(
        ("Under the chin the photo looks like plain background for {measured} mm above the "
         "bottom edge: the source may end at the collar (a warning only, as clothes of the "
         "wall's colour look the same).",
         "Step back, or hold the camera further away, so that your shoulders are in the picture."),
        ("Sous le menton, la photo semble n'être que du fond sur {measured} mm au-dessus du bord "
         "inférieur : la photo d'origine s'arrête peut-être au col (simple avertissement, des "
         "vêtements de la couleur du mur ayant le même aspect).",
         "Reculez, ou tenez l'appareil plus loin, pour que vos épaules soient dans l'image."),
    ),
    "background.hidden": _t("Too little background to measure.",
                            "Trop peu de fond visible pour le mesurer."),
    "background_uniform.pass": _t("Plain background.", "Fond uni."),
    "background_uniform.warn": _t(
        ("The background is not plain (shadows, objects or patterns).",
         "Stand in front of a plain wall, a step away from it."),
        ("Le fond n'est pas uni (ombres, objets ou motifs).",
         "Placez-vous devant un mur uni, à un pas de distance."),
    ),
    "background_uniform.fail": _t(
        ("The background is not plain (shadows, objects or patterns).",
         "Stand in front of a plain wall, a step away from it."),
        ("Le fond n'est pas uni (ombres, objets ou motifs).",
         "Placez-vous devant un mur uni, à un pas de distance."),
    ),
    "background_uniform.pattern_warn": _t(
        ("The background shows a faint pattern or texture ({pattern} L* per eye distance; a "
         "warning, not a failure, because it is faint).",
         "Stand in front of a plain, smooth wall, or let the studio replace it."),
        ("Le fond montre un léger motif ou une texture ({pattern} L* par écart des yeux ; un "
         "avertissement et non un échec, car il est léger).",
         "Placez-vous devant un mur uni et lisse, ou laissez le studio le remplacer."),
    ),
    "background_uniform.pattern_fail": _t(
        ("The background has a pattern or texture ({pattern} L* per eye distance).",
         "Stand in front of a plain, smooth wall, or let the studio replace it."),
        ("Le fond a un motif ou une texture ({pattern} L* par écart des yeux).",
         "Placez-vous devant un mur uni et lisse, ou laissez le studio le remplacer."),
    ),
    "background_uniform.remnant_warn": _REMNANT,
    "background_uniform.remnant_fail": _REMNANT,
    "background_color.fringe_warn": _FRINGE,
    "background_color.fringe_fail": _FRINGE,
    "background_color.pass": _t("Background colour accepted.", "Couleur de fond acceptée."),
    "background_color.warn": _t(
        ("The background colour is {measured} delta E from the nearest accepted colour.",
         "Use a {colour} background, or let the studio replace it."),
        ("La couleur du fond est à {measured} delta E de la couleur acceptée la plus proche.",
         "Utilisez un fond {colour}, ou laissez le studio le remplacer."),
    ),
    "background_color.fail": _t(
        ("The background colour is {measured} delta E from the nearest accepted colour.",
         "Use a {colour} background, or let the studio replace it."),
        ("La couleur du fond est à {measured} delta E de la couleur acceptée la plus proche.",
         "Utilisez un fond {colour}, ou laissez le studio le remplacer."),
    ),
    "background_edit.kept": _t(
        "The photo's own background is kept; only its brightness was evened out.",
        "Le fond d'origine est conservé ; seule sa luminosité a été égalisée.",
    ),
    "background_edit.allowed": _t("Background replaced; this authority accepts it.",
                                  "Fond remplacé ; cette autorité l'accepte."),
    "background_edit.discouraged": _t(
        "Background replaced; this authority asks for photos that are not altered.",
        "Fond remplacé ; cette autorité demande des photos non retouchées.",
    ),
    "background_edit.keepable": _t(
        "Background replaced; your own was already plain and of an accepted colour, and can "
        "be kept (the authority prefers unaltered photos).",
        "Fond remplacé ; le vôtre était déjà uni et d'une couleur acceptée, et peut être "
        "conservé (l'autorité préfère les photos non retouchées).",
    ),
    "background_edit.refused": _t(
        ("Background replaced; this authority refuses photos whose background was changed.",
         "Keep your own background: stand in front of a plain, light wall and choose "
         "\"Keep my own background\" (--keep-background)."),
        ("Fond remplacé ; cette autorité refuse les photos dont le fond a été modifié.",
         "Gardez votre fond : placez-vous devant un mur clair et uni et choisissez "
         "« Garder mon fond » (--keep-background)."),
    ),
    "background_edit.unclear_warn": _t(
        ("Along {share} % of your outline the old background could hardly be told from you; "
         "a warning, not a failure, because most of the edge was clear: look at your hair "
         "and shoulders before you use the photo.",
         "For a clean edge, stand in front of a plain wall that contrasts with your hair and "
         "clothes."),
        ("Sur {share} % de votre contour, l'ancien fond se distinguait mal de vous ; un "
         "avertissement et non un échec, car le reste du bord était net : regardez vos cheveux "
         "et vos épaules avant d'utiliser la photo.",
         "Pour un bord net, placez-vous devant un mur uni qui contraste avec vos cheveux et vos "
         "vêtements."),
    ),
    "background_edit.unclear_fail": _t(
        ("Along {share} % of your outline the old background could not be told from you: the "
         "new background's edge is a guess there, and shows as a ragged or haloed edge.",
         "Stand in front of a plain wall that contrasts with your hair and clothes, not a dark "
         "or busy one."),
        ("Sur {share} % de votre contour, l'ancien fond ne se distinguait pas de vous : le bord "
         "du nouveau fond y est deviné, et se voit comme un bord irrégulier ou auréolé.",
         "Placez-vous devant un mur uni qui contraste avec vos cheveux et vos vêtements, ni "
         "sombre ni chargé."),
    ),
    "background_edit.touching_warn": _t(
        ("Something behind you touched your head in the photo (a lamp, a chair, a window "
         "frame; {share} % of a face's area was taken away beside it); a warning, not a "
         "failure, because little was: look beside your head and ears before you use the "
         "photo.",
         "Stand a step in front of a plain wall, with nothing behind your head."),
        ("Un objet derrière vous touchait votre tête sur la photo (une lampe, une chaise, un "
         "cadre de fenêtre ; {share} % de la surface d'un visage a été retiré à côté) ; un "
         "avertissement et non un échec, car peu l'a été : regardez à côté de votre tête et "
         "de vos oreilles avant d'utiliser la photo.",
         "Placez-vous un pas devant un mur uni, sans rien derrière votre tête."),
    ),
    "background_edit.touching_fail": _t(
        ("Something behind you touched your head in the photo (a lamp, a chair, a window "
         "frame; {share} % of a face's area was taken away beside it): part of it likely "
         "stays beside your head in the new background.",
         "Stand a step in front of a plain wall, with nothing behind your head."),
        ("Un objet derrière vous touchait votre tête sur la photo (une lampe, une chaise, un "
         "cadre de fenêtre ; {share} % de la surface d'un visage a été retiré à côté) : une "
         "partie en reste sans doute à côté de votre tête sur le nouveau fond.",
         "Placez-vous un pas devant un mur uni, sans rien derrière votre tête."),
    ),
    "background_edit.attached_warn": _t(
        ("A small piece in colours found nowhere else on you sits on your head's outline "
         "({share} % of a face's area): likely a bit of the old background; a warning, not a "
         "failure, because it is small: look at the top and sides of your head before you use "
         "the photo.",
         "Stand a step in front of a plain wall, with nothing behind your head."),
        ("Un petit morceau de couleurs absentes du reste de votre personne se trouve sur le "
         "contour de votre tête ({share} % de la surface d'un visage) : sans doute un reste de "
         "l'ancien fond ; un avertissement et non un échec, car il est petit : regardez le haut "
         "et les côtés de votre tête avant d'utiliser la photo.",
         "Placez-vous un pas devant un mur uni, sans rien derrière votre tête."),
    ),
    "background_edit.attached_fail": _t(
        ("A piece of the old background stays on your head's outline in the new background "
         "({share} % of a face's area, in colours found nowhere else on you).",
         "Stand a step in front of a plain wall, with nothing behind your head."),
        ("Un morceau de l'ancien fond reste sur le contour de votre tête sur le nouveau fond "
         "({share} % de la surface d'un visage, de couleurs absentes du reste de votre "
         "personne).",
         "Placez-vous un pas devant un mur uni, sans rien derrière votre tête."),
    ),
    "background_edit.unknown": _t(
        "Whether the background was replaced cannot be told from the photo.",
        "On ne peut pas savoir d'après la photo si le fond a été remplacé.",
    ),
    "resolution.pass": _t("Enough source pixels; no enlargement.",
                          "Assez de pixels d'origine ; aucun agrandissement."),
    "resolution.dpi_pass": _t("{measured} pixels per inch.", "{measured} pixels par pouce."),
    "resolution.low": _t(
        ("{measured} pixels per inch; the document needs {min}.",
         "Use the original photo, not a screenshot or a messaging-app copy."),
        ("{measured} pixels par pouce ; le document en exige {min}.",
         "Utilisez la photo d'origine, pas une capture d'écran ni une copie de messagerie."),
    ),
    "resolution.warn": _t(
        ("The face had to be enlarged {measured} times; it may look soft.",
         "Use the original photo at full size, or move closer to the camera."),
        ("Le visage a dû être agrandi {measured} fois ; il peut paraître flou.",
         "Utilisez la photo d'origine en pleine taille, ou rapprochez-vous de l'appareil."),
    ),
    "resolution.fail": _t(
        ("The face had to be enlarged {measured} times; it may look soft.",
         "Use the original photo at full size, or move closer to the camera."),
        ("Le visage a dû être agrandi {measured} fois ; il peut paraître flou.",
         "Utilisez la photo d'origine en pleine taille, ou rapprochez-vous de l'appareil."),
    ),
    "resolution.detail_warn": _t(
        ("The face shows less fine detail than a sharp photo at full size (detail ratio "
         "{ratio}): it looks enlarged from a smaller photo, or a little soft.",
         "Use the original photo from the camera, not a copy, a screenshot or a crop that was "
         "enlarged."),
        ("Le visage montre moins de détails fins qu'une photo nette en pleine taille (rapport de "
         "détail {ratio}) : il semble agrandi depuis une photo plus petite, ou un peu flou.",
         "Utilisez la photo d'origine de l'appareil, pas une copie, une capture d'écran ni un "
         "recadrage agrandi."),
    ),
    "resolution.detail_fail": _t(
        ("The face holds too little fine detail (detail ratio {ratio}): it is a small photo "
         "blown up, or a blurred one, and the details an examiner compares are missing.",
         "Use the original photo from the camera, taken closer, not a copy, a screenshot or a "
         "crop that was enlarged."),
        ("Le visage contient trop peu de détails fins (rapport de détail {ratio}) : c'est une "
         "petite photo agrandie, ou une photo floue, et les détails qu'un agent compare "
         "manquent.",
         "Utilisez la photo d'origine de l'appareil, prise de plus près, pas une copie, une "
         "capture d'écran ni un recadrage agrandi."),
    ),
    "color.pass": _t("Colour photo.", "Photo en couleur."),
    "color.greyscale": _t(
        ("The photo is black and white; the document needs colour.",
         "Use a colour photo without filters."),
        ("La photo est en noir et blanc ; le document exige la couleur.",
         "Utilisez une photo en couleur, sans filtre."),
    ),
    "color.cast_warn": _t(
        ("The skin's colour is a little off its natural range ({off} CIELAB units; a warning, "
         "not a failure, because it is slight): a tinted light or a colour filter.",
         "Take the photo in daylight, without filters or coloured lamps."),
        ("La couleur de la peau sort un peu de sa plage naturelle ({off} unités CIELAB ; un "
         "avertissement et non un échec, car l'écart est faible) : lumière teintée ou filtre.",
         "Prenez la photo à la lumière du jour, sans filtre ni lampe colorée."),
    ),
    "color.cast_fail": _t(
        ("The skin has a colour cast ({off} CIELAB units off its natural range): a tinted "
         "light or a colour filter.",
         "Take the photo in daylight, without filters or coloured lamps."),
        ("La peau a une dominante de couleur ({off} unités CIELAB hors de sa plage "
         "naturelle) : lumière teintée ou filtre.",
         "Prenez la photo à la lumière du jour, sans filtre ni lampe colorée."),
    ),
    "color.eyes_cast_warn": _t(
        ("The whites of the eyes are tinted ({tint} CIELAB units of yellow or blue); a warning, "
         "not a failure, because the tint is slight: a tinted light or a colour filter.",
         "Take the photo in daylight, without filters or coloured lamps."),
        ("Le blanc des yeux est teinté ({tint} unités CIELAB de jaune ou de bleu) ; un "
         "avertissement et non un échec, car la teinte est faible : lumière teintée ou filtre.",
         "Prenez la photo à la lumière du jour, sans filtre ni lampe colorée."),
    ),
    "color.eyes_cast_fail": _t(
        ("The photo has a colour cast: the whites of the eyes are {tint} CIELAB units yellow "
         "or blue, where neutral light leaves them near grey.",
         "Take the photo in daylight, without filters or coloured lamps."),
        ("La photo a une dominante de couleur : le blanc des yeux a {tint} unités CIELAB de "
         "jaune ou de bleu, alors qu'une lumière neutre le laisse presque gris.",
         "Prenez la photo à la lumière du jour, sans filtre ni lampe colorée."),
    ),
    "glasses.pass": _t("No glasses seen.", "Aucune lunette détectée."),
    "glasses.allowed": _t("Glasses seen; allowed for this document.",
                          "Lunettes détectées ; autorisées pour ce document."),
    "glasses.banned": _t(
        ("Glasses seen; this document does not accept them.", "Take the glasses off for the photo."),
        ("Lunettes détectées ; ce document ne les accepte pas.", "Retirez vos lunettes pour la photo."),
    ),
    "glasses.discouraged": _t(
        ("Glasses seen; this document advises against them.", "Take the glasses off for the photo."),
        ("Lunettes détectées ; ce document les déconseille.", "Retirez vos lunettes pour la photo."),
    ),
    "pixel_size.pass": _t("{width}x{height} px.", "{width}x{height} px."),
    "pixel_size.wrong": _t(
        ("{width}x{height} px does not fit the document's size.",
         "Let the studio make the photo at the document's size."),
        ("{width}x{height} px ne correspond pas à la taille du document.",
         "Laissez le studio produire la photo à la taille du document."),
    ),
    "file_size.pass": _t("{measured} KB.", "{measured} Ko."),
    "file_size.out_of_range": _t(
        ("{measured} KB is outside the portal's {min}-{max} KB.",
         "Let the studio save the file; it searches the quality that fits."),
        ("{measured} Ko est hors de la plage du portail ({min} à {max} Ko).",
         "Laissez le studio enregistrer le fichier : il cherche la qualité qui convient."),
    ),
    "file_size.format": _t(
        ("A {format} file; the portal accepts {accepted}.", "Save the photo as {first}."),
        ("Un fichier {format} ; le portail accepte {accepted}.",
         "Enregistrez la photo au format {first}."),
    ),
}  # fmt: skip

# Outcomes that read the same whether they warn or fail.
for _check in ("head_roll", "head_yaw", "head_pitch"):
    MESSAGES[f"{_check}.fail"] = MESSAGES[f"{_check}.warn"]


#: Why each warning is only a warning, appended to its message: a warning
#: is borderline, and says what keeps it from a failure.
_WHY_ONLY_A_WARNING = {
    "head_roll.warn": (
        "close to the limit, within the measure's own margin",
        "près de la limite, dans la marge de la mesure",
    ),
    "head_yaw.warn": (
        "close to the limit, within the measure's own margin",
        "près de la limite, dans la marge de la mesure",
    ),
    "head_pitch.warn": (
        "close to the limit, within the measure's own margin",
        "près de la limite, dans la marge de la mesure",
    ),
    "eyes_open.warn": (
        "eyes narrowed by a smile or by their shape read the same",
        "des yeux plissés par un sourire ou par leur forme donnent la même mesure",
    ),
    "eyes_open.covered_warn": (
        "the iris still shows, only faintly",
        "l'iris se voit encore, faiblement",
    ),
    "mouth_closed.warn": (
        "this document accepts a natural smile",
        "ce document accepte un sourire naturel",
    ),
    "hands.visible": (
        "it covers none of the face, but an examiner may still refuse a hand in the photo",
        "elle ne couvre pas le visage, mais un agent peut refuser une main sur la photo",
    ),
    "face_covered.warn": (
        "a full beard of the eyebrows' colour reads the same",
        "une barbe fournie de la couleur des sourcils donne la même mesure",
    ),
    "face_covered.unread": (
        "nothing was seen over the face; the light kept it from being read",
        "rien n'a été vu sur le visage ; la lumière a empêché de le lire",
    ),
    "sharpness.warn": ("the face's detail still shows", "le détail du visage reste visible"),
    "exposure.grainy": ("the face still shows through", "le visage reste lisible"),
    "lighting_uniform.warn": (
        "hair over a cheek or the nose's shadow can read the same",
        "des cheveux sur une joue ou l'ombre du nez donnent la même mesure",
    ),
    "background_uniform.warn": (
        "the wall is only a little uneven",
        "le mur n'est que peu irrégulier",
    ),
    "background_uniform.remnant_warn": ("it is small", "c'est petit"),
    "background_color.fringe_warn": ("it is narrow", "il est étroit"),
    "background_color.warn": (
        "the colour is close to an accepted one",
        "la couleur est proche d'une couleur acceptée",
    ),
    "resolution.warn": ("the enlargement is small", "l'agrandissement est faible"),
    "resolution.detail_warn": (
        "some fine detail is there",
        "une partie des détails fins est là",
    ),
}


def _with_why(entry: dict[str, Text], why: tuple[str, str]) -> dict[str, Text]:
    """``entry`` with the reason it is only a warning after its message."""
    en, fr = why
    return {
        "en": Text(f"{entry['en'].message} (A warning, not a failure: {en}.)", entry["en"].advice),
        "fr": Text(
            f"{entry['fr'].message} (Un avertissement et non un échec : {fr}.)", entry["fr"].advice
        ),
    }


for _code, _why in _WHY_ONLY_A_WARNING.items():
    MESSAGES[_code] = _with_why(MESSAGES[_code], _why)


def render(code: str, params: dict, language: str = "en") -> Text:
    """The message and advice for ``code`` with ``params``, in ``language`` (English fallback).

    Raises
    ------
    KeyError
        For a code no template knows (a bug: every code the engine emits is here).
    """
    entry = MESSAGES[code]
    if "by" in entry:
        entry = entry[str(params[entry["by"]])]
    text = entry.get(language) or entry["en"]
    if language not in entry:
        language = "en"
    values = {k: ("any" if v is None else _number(v, language)) for k, v in params.items()}
    return Text(text.message.format(**values), text.advice.format(**values))


#: The decimal separator of each language's messages.
_DECIMAL = {"en": ".", "fr": ","}


def _number(value, language: str):
    """A decimal number written as ``language`` writes it (``30,2`` in French); else as is."""
    if isinstance(value, float):
        return repr(value).replace(".", _DECIMAL.get(language, "."))
    return value
