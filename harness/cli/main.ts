// placeholder; replaced by the CLI module
console.log('atomic-skills');
